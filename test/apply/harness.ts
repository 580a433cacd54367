/**
 * The apply harness: runs a synthesized stack with the real engine and the real msgraph provider
 * against the Graph emulator (`npm run test:apply`).
 *
 * What is applied for real, and what is not (the README says the same):
 * - The engine (`terraform` >= 1.5, or OpenTofu built from the Go module proxy) and the msgraph
 *   provider, built from the Go module proxy, are real. The proxy serves msgraph 0.4.0 but not the
 *   0.5.0 the stacks pin, so the harness applies a copy of the stack whose msgraph version
 *   constraint is rewritten to the version built (it says so in its log); a stack that uses a
 *   0.5-only attribute (`environment`, `create_method`) is refused with a message, never silently
 *   changed.
 * - The azuread provider cannot be built here (the proxy refuses its module), and azurerm is too
 *   large to build in CI. In the copy, every azuread resource and data source is replaced by the
 *   object azuread would have made or read, seeded in the emulator (the app instantiated from the
 *   template and its service principal, groups, users), and references to it by its IDs; azuread
 *   assignments and Conditional Access policies, every azurerm resource, and whatever depends on
 *   them are left out, each named in the harness's notes. Everything msgraph does is applied for
 *   real, and every assertion about Graph (recorded requests, final tenant) is real.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GraphEmulator } from '../../lib/emulator/emulator';
import { CUSTOM_TEMPLATE_ID, TenantSeed } from '../../lib/emulator/tenant';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const toolchain = require('../../scripts/toolchain');

type Json = { [key: string]: any };

/** The engine and the provider mirror, found or built once per process. */
let tools: { engine: { path: string; kind: string; version: string }; cliConfig: string; msgraphVersion: string; notes: string[] } | undefined;

/** Finds or builds the engine and the msgraph provider (cached; see scripts/toolchain.js). */
export function applyTools(): NonNullable<typeof tools> {
  if (!tools) {
    const log = (m: string) => process.stderr.write(`[apply] ${m}\n`);
    const engine = toolchain.ensureEngine(log);
    const msgraph = toolchain.ensureProvider('msgraph', log);
    if (!msgraph.binary) {
      throw new Error(`the msgraph provider cannot be built here: ${msgraph.refused.join('; ')}`);
    }
    const { cliConfig } = toolchain.writeMirror([msgraph]);
    const notes = [
      `engine: ${engine.kind} ${engine.version} (${engine.source})`,
      `msgraph ${msgraph.version}, built from the Go module proxy${msgraph.version !== msgraph.pinned ? `; the stacks pin ${msgraph.pinned}, which the proxy does not serve: applied with the constraint rewritten to ${msgraph.version}` : ''}`,
      'azuread: not built (the Go module proxy refuses it); its objects are seeded in the emulator and referenced by ID',
      'azurerm: not built (too large for CI); its resources are covered by synth tests',
    ];
    log(notes.join('\n[apply] '));
    tools = { engine, cliConfig, msgraphVersion: msgraph.version, notes };
  }
  return tools;
}

/** IDs the harness gives the stand-ins of azuread objects, so tests can seed and assert on them. */
export interface StandIns {
  /** The seed: the stand-in objects, plus whatever the test seeded. */
  readonly seed: TenantSeed;
  /** What was left out or replaced, one line each. */
  readonly notes: string[];
  /**
   * The stand-in applications made for azuread_application_from_template: destroying the real
   * resource deletes the app, and with it its segments and connector group link; a stand-in stays.
   */
  readonly standInApplicationIds: string[];
}

/** What `prepare` makes: the stack to apply and the tenant to seed. */
export interface Prepared extends StandIns {
  /** The stack's JSON as it will be applied. */
  readonly tf: Json;
}

const REF = /\b(data\.)?((?:azuread|azurerm)_[a-z0-9_]+)\.([A-Za-z0-9_-]+)((?:\.[a-z_]+|\["[^"]*"\])*)/g;

/**
 * Makes the copy of a synthesized stack that the real msgraph provider applies, and the seed of its
 * azuread stand-ins.
 *
 * @param synthesized the stack's cdk.tf.json, parsed
 * @param base the tenant to add the stand-ins to (groups the stack names by display name are added when missing)
 * @param msgraphVersion the msgraph version built
 */
export function prepare(synthesized: Json, base: TenantSeed, msgraphVersion: string, keepAzuread = false): Prepared {
  const tf: Json = JSON.parse(JSON.stringify(synthesized));
  const notes: string[] = [];
  const seed = {
    ...base,
    applications: [...(base.applications ?? [])],
    servicePrincipals: [...(base.servicePrincipals ?? [])],
    groups: [...(base.groups ?? [])],
    users: [...(base.users ?? [])],
  } as Required<Pick<TenantSeed, 'applications' | 'servicePrincipals' | 'groups' | 'users'>> & TenantSeed;
  const standInApplicationIds: string[] = [];
  let counter = 0;
  const id = (kind: number) => `00000000-0000-4000-8000-${String(kind).padStart(4, '0')}${String(++counter).padStart(8, '0')}`;

  // The engine: no backend (a local state in the work folder), msgraph at the version built.
  delete tf.terraform?.backend;
  const msgraph = tf.terraform?.required_providers?.msgraph;
  if (msgraph && msgraph.version !== msgraphVersion) {
    if (msgraphVersion.startsWith('0.4')) {
      const only05 = [
        ...(tf.provider?.msgraph ?? []).filter((p: Json) => p.environment !== undefined).map(() => 'provider msgraph: environment'),
        ...Object.keys(tf.resource?.msgraph_resource ?? {}).filter((n) => tf.resource.msgraph_resource[n].create_method !== undefined).map((n) => `msgraph_resource.${n}: create_method`),
      ];
      if (only05.length > 0) {
        throw new Error(`the stack uses attributes of msgraph 0.5 that the built ${msgraphVersion} lacks (${only05.join(', ')}); this scenario cannot be applied here`);
      }
    }
    notes.push(`msgraph version constraint ${msgraph.version} rewritten to ${msgraphVersion} (the version the Go module proxy serves)`);
    msgraph.version = msgraphVersion;
  }
  // With a real azuread provider (keepAzuread: a machine that has one in its mirror), only azurerm goes.
  const replaced = keepAzuread ? /^azurerm_/ : /^(azuread|azurerm)_/;
  for (const name of keepAzuread ? ['azurerm'] : ['azuread', 'azurerm']) {
    delete tf.terraform?.required_providers?.[name];
    delete tf.provider?.[name];
  }

  // Values of azuread objects, by address.
  const values = new Map<string, Json>();
  const app = (address: string, displayName: string) => {
    const appId = id(1);
    const application = { id: id(2), appId, displayName, applicationTemplateId: CUSTOM_TEMPLATE_ID, tags: [], onPremisesPublishing: null };
    const sp = {
      id: id(3),
      appId,
      displayName,
      applicationTemplateId: CUSTOM_TEMPLATE_ID,
      appRoleAssignmentRequired: true,
      servicePrincipalType: 'Application',
      tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
      appRoles: [
        { id: '18d14569-c3bd-439b-9a66-3a2aee01d14f', displayName: 'User', allowedMemberTypes: ['User'], isEnabled: true },
        { id: 'b9632174-c057-4f7e-951b-be3adc52bfe6', displayName: 'msiam_access', allowedMemberTypes: ['User'], isEnabled: true },
      ],
    };
    seed.applications.push(application);
    seed.servicePrincipals.push(sp);
    standInApplicationIds.push(application.id);
    values.set(address, {
      id: `/applications/${application.id}`,
      application_object_id: application.id,
      application_id: `/applications/${application.id}`,
      service_principal_object_id: sp.id,
      service_principal_id: `/servicePrincipals/${sp.id}`,
      display_name: displayName,
    });
    notes.push(`${address}: stand-in application ${application.id} (appId ${appId}) and service principal ${sp.id}, seeded as the template would make them`);
  };
  if (!keepAzuread) {
    // Import blocks of azuread resources: an adopted app is the seeded one its import ID names.
    const imports: Json[] = Array.isArray(tf.import) ? tf.import : [];
    for (const [name, r] of Object.entries<Json>(tf.resource?.azuread_application_from_template ?? {})) {
      const address = `azuread_application_from_template.${name}`;
      const adopted = imports.find((i) => i.to === address);
      if (adopted) {
        const [, , , appObjectId, spObjectId] = String(adopted.id).split('/').slice(1);
        const application = seed.applications.find((a) => a.id === appObjectId);
        const sp = seed.servicePrincipals.find((x) => x.id === spObjectId);
        if (!application || !sp) {
          throw new Error(`${address} imports ${adopted.id}, which the seed lacks`);
        }
        values.set(address, {
          id: `/applications/${application.id}`,
          application_object_id: application.id,
          application_id: `/applications/${application.id}`,
          service_principal_object_id: sp.id,
          service_principal_id: `/servicePrincipals/${sp.id}`,
          display_name: application.displayName,
        });
        notes.push(`${address}: imports the seeded application ${application.id}`);
        continue;
      }
      if (typeof r.display_name !== 'string' || r.display_name.includes('${')) {
        throw new Error(`${address}: the harness needs a literal display_name`);
      }
      app(address, r.display_name);
    }
    const resolve = (text: string): string => substitute(text, values, () => undefined) as string;
    for (const [name, d] of Object.entries<Json>(tf.data?.azuread_group ?? {})) {
      const displayName = resolve(d.display_name ?? '');
      let group = seed.groups.find((g) => g.displayName === displayName || (d.object_id && g.id === d.object_id));
      if (!group) {
        group = { id: d.object_id ?? id(4), displayName, securityEnabled: true, mailEnabled: false };
        seed.groups.push(group);
      }
      values.set(`data.azuread_group.${name}`, { id: group.id, object_id: group.id, display_name: group.displayName });
    }
    for (const [name, d] of Object.entries<Json>(tf.data?.azuread_user ?? {})) {
      const upn = resolve(d.user_principal_name ?? d.mail ?? '');
      let user = seed.users.find((u) => u.userPrincipalName?.toLowerCase() === upn.toLowerCase() || (d.object_id && u.id === d.object_id));
      if (!user) {
        user = { id: d.object_id ?? id(5), userPrincipalName: upn, displayName: upn };
        seed.users.push(user);
      }
      values.set(`data.azuread_user.${name}`, { id: user.id, object_id: user.id, user_principal_name: user.userPrincipalName });
    }
    for (const [name, d] of Object.entries<Json>(tf.data?.azuread_application ?? {})) {
      const objectId = resolve(d.object_id ?? '');
      const found = seed.applications.find((a) => a.id === objectId);
      if (!found) {
        // Found by msgraph when Terraform plans (an existing Quick Access app): no stand-in; what
        // reads its client ID (Conditional Access) is azuread and left out anyway.
        continue;
      }
      values.set(`data.azuread_application.${name}`, { id: `/applications/${found.id}`, object_id: found.id, client_id: found.appId, display_name: found.displayName });
    }
    for (const [name, d] of Object.entries<Json>(tf.data?.azuread_service_principal ?? {})) {
      const objectId = resolve(d.object_id ?? '');
      const clientId = resolve(d.client_id ?? '');
      const found = seed.servicePrincipals.find((s) => s.id === objectId || s.appId === clientId);
      if (!found) {
        throw new Error(`data.azuread_service_principal.${name}: no stand-in service principal`);
      }
      values.set(`data.azuread_service_principal.${name}`, { id: `/servicePrincipals/${found.id}`, object_id: found.id, client_id: found.appId });
    }
    for (const name of Object.keys(tf.data?.azuread_client_config ?? {})) {
      values.set(`data.azuread_client_config.${name}`, {
        id: 'emulator',
        tenant_id: seed.tenantId ?? '11111111-2222-3333-4444-555555555555',
        object_id: '00000000-0000-0000-0000-00000000a001',
        client_id: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
      });
    }
  }

  // Remove every azuread and azurerm block; then, until nothing changes, every block that refers
  // to a removed one.
  const removed = new Set<string>();
  for (const kind of ['resource', 'data'] as const) {
    for (const type of Object.keys(tf[kind] ?? {})) {
      if (replaced.test(type)) {
        for (const name of Object.keys(tf[kind][type])) {
          const address = `${kind === 'data' ? 'data.' : ''}${type}.${name}`;
          removed.add(address);
          if (!values.has(address)) {
            notes.push(`${address}: left out (${type.startsWith('azurerm') ? 'azurerm is not built' : 'azuread is not built; no stand-in'})`);
          }
        }
        delete tf[kind][type];
      }
    }
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, blocks] of Object.entries<Json>(tf[kind] ?? {})) {
        for (const [name, block] of Object.entries<Json>(blocks)) {
          const address = `${kind === 'data' ? 'data.' : ''}${type}.${name}`;
          const missing = referencesTo(block, removed, values);
          if (missing) {
            notes.push(`${address}: left out (refers to ${missing}, which is left out)`);
            removed.add(address);
            delete blocks[name];
            changed = true;
          }
        }
      }
    }
  }
  // References to stand-ins become their values; depends_on entries on removed blocks go.
  for (const kind of ['resource', 'data'] as const) {
    for (const blocks of Object.values<Json>(tf[kind] ?? {})) {
      for (const [name, block] of Object.entries<Json>(blocks)) {
        if (Array.isArray(block.depends_on)) {
          block.depends_on = block.depends_on.filter((d: string) => !removed.has(d.replace(/^\$\{|\}$/g, '')));
          if (block.depends_on.length === 0) {
            delete block.depends_on;
          }
        }
        blocks[name] = substitute(block, values, (ref) => {
          throw new Error(`${name}: the harness has no stand-in value for ${ref}`);
        });
      }
    }
  }
  for (const [name, check] of Object.entries<Json>(tf.check ?? {})) {
    const missing = referencesTo(check, removed, values);
    if (missing) {
      notes.push(`check.${name}: left out (refers to ${missing})`);
      delete tf.check[name];
    } else {
      tf.check[name] = substitute(check, values, (ref) => {
        throw new Error(`check ${name}: no stand-in value for ${ref}`);
      });
    }
  }
  if (Array.isArray(tf.import)) {
    tf.import = tf.import.filter((i: Json) => {
      const keep = !removed.has(String(i.to));
      if (!keep) {
        notes.push(`import into ${i.to}: left out with its resource`);
      }
      return keep;
    });
    if (tf.import.length === 0) {
      delete tf.import;
    }
  }
  for (const [name, output] of Object.entries<Json>(tf.output ?? {})) {
    if (referencesTo(output, removed, values)) {
      delete tf.output[name];
    }
  }
  // Variables nothing refers to any more (the connector hosts' secrets) would still be required.
  const text = JSON.stringify({ ...tf, variable: undefined });
  for (const name of Object.keys(tf.variable ?? {})) {
    if (!text.includes(`var.${name}`)) {
      delete tf.variable[name];
    }
  }
  for (const kind of ['resource', 'data', 'check', 'variable', 'output'] as const) {
    for (const [type, blocks] of Object.entries<Json>(tf[kind] ?? {})) {
      if (kind !== 'check' && kind !== 'variable' && kind !== 'output' && Object.keys(blocks).length === 0) {
        delete tf[kind][type];
      }
    }
    if (tf[kind] && Object.keys(tf[kind]).length === 0) {
      delete tf[kind];
    }
  }
  return { tf, seed, notes, standInApplicationIds };
}

/** The first removed block without a stand-in value that `value` refers to (depends_on aside), if any. */
function referencesTo(value: unknown, removed: Set<string>, values: Map<string, Json>): string | undefined {
  const { depends_on: dependsOn, ...rest } = value as Json;
  void dependsOn;
  const text = JSON.stringify(rest);
  for (const address of removed) {
    if (!values.has(address) && new RegExp(`(?<![\\w.])${address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[.\\[}]`).test(text)) {
      return address;
    }
  }
  return undefined;
}

/**
 * Replaces references to stand-ins by their values: an interpolation that is only the reference
 * becomes the value as text; a reference inside a larger expression becomes a quoted literal.
 */
function substitute(value: unknown, values: Map<string, Json>, missing: (ref: string) => void): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g, (whole, inner: string) => {
      const lookup = (ref: string, prefix: string | undefined, type: string, name: string, attr: string): string | undefined => {
        const entry = values.get(`${prefix ?? ''}${type}.${name}`);
        if (!entry) {
          return undefined;
        }
        const key = attr.replace(/^\./, '').replace(/^\["(.*)"\]$/, '$1');
        if (entry[key] === undefined) {
          missing(ref);
          return undefined;
        }
        return String(entry[key]);
      };
      const only = /^\s*(data\.)?((?:azuread|azurerm)_[a-z0-9_]+)\.([A-Za-z0-9_-]+)(\.[a-z_]+|\["[^"]*"\])\s*$/.exec(inner);
      if (only) {
        return lookup(only[0].trim(), only[1], only[2], only[3], only[4]) ?? whole;
      }
      const replaced = inner.replace(REF, (ref, prefix, type, name, attr) => {
        const v = attr ? lookup(ref, prefix, type, name, attr) : undefined;
        return v === undefined ? ref : JSON.stringify(v);
      });
      return `\${${replaced}}`;
    });
  }
  if (Array.isArray(value)) {
    return value.map((v) => substitute(v, values, missing));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, values, missing)]));
  }
  return value;
}

/** The outcome of one engine command. */
export interface EngineRun {
  readonly code: number;
  readonly output: string;
}

/** A work folder with a stack, run by the real engine against an emulator. */
export class ApplyRun {
  /**
   * Prepares `synthesized` for the emulator, starts one seeded with its stand-ins, and writes the
   * stack into a new temporary folder.
   */
  public static async start(synthesized: Json, options: { seed?: TenantSeed; identity?: 'user' | 'app' } = {}): Promise<ApplyRun> {
    const t = applyTools();
    const prepared = prepare(synthesized, options.seed ?? {}, t.msgraphVersion);
    const emulator = await GraphEmulator.start({ seed: prepared.seed, identity: options.identity });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epa-apply-'));
    const run = new ApplyRun(dir, emulator, prepared);
    run.write(prepared.tf);
    return run;
  }

  /**
   * Starts an emulator seeded with `seed` and writes `prepared` as it is (already prepared, with
   * its stand-ins in the seed): for a second folder that adopts what a first one applied.
   */
  public static async startPrepared(prepared: Prepared, seed: TenantSeed): Promise<ApplyRun> {
    const emulator = await GraphEmulator.start({ seed });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epa-apply-'));
    const run = new ApplyRun(dir, emulator, { ...prepared, seed });
    run.write(prepared.tf);
    return run;
  }

  private readonly children = new Set<ChildProcess>();

  private constructor(
    /** The work folder. */
    public readonly dir: string,
    /** The emulator. */
    public readonly emulator: GraphEmulator,
    /** The stack as applied and its stand-ins. */
    public readonly prepared: Prepared,
  ) {}

  /** Writes a stack (already prepared) as the folder's configuration. */
  public write(tf: Json): void {
    fs.writeFileSync(path.join(this.dir, 'main.tf.json'), JSON.stringify(tf, null, 2));
  }

  /**
   * Prepares another synthesized version of the same stack (an edit) with the same stand-ins, and
   * writes it.
   */
  public update(synthesized: Json): Prepared {
    const t = applyTools();
    // The same stand-ins: prepare against the seed the emulator started from, then map the new IDs back.
    const again = prepare(synthesized, {}, t.msgraphVersion);
    let text = JSON.stringify(again.tf);
    const pairs: Array<[Json[] | undefined, Json[] | undefined]> = [
      [again.seed.applications, this.prepared.seed.applications],
      [again.seed.servicePrincipals, this.prepared.seed.servicePrincipals],
      [again.seed.groups, this.prepared.seed.groups],
      [again.seed.users, this.prepared.seed.users],
    ];
    for (const [now, before] of pairs) {
      for (const item of now ?? []) {
        const match = (before ?? []).find((b) => (b.displayName !== undefined && b.displayName === item.displayName) || (b.userPrincipalName !== undefined && b.userPrincipalName === item.userPrincipalName));
        if (!match) {
          throw new Error(`the edit adds ${item.displayName ?? item.userPrincipalName}, which has no stand-in in the running emulator; add it to the seed`);
        }
        text = text.split(item.id).join(match.id);
        if (item.appId) {
          text = text.split(item.appId).join(match.appId);
        }
      }
    }
    const tf = JSON.parse(text);
    this.write(tf);
    return { ...again, tf };
  }

  /** Runs the engine in the folder with the emulator's environment; resolves when it exits. */
  public engine(args: string[], timeoutMs = 20 * 60_000): Promise<EngineRun> {
    const t = applyTools();
    const env = { ...this.emulator.env(), TF_CLI_CONFIG_FILE: t.cliConfig, TF_IN_AUTOMATION: '1', TF_INPUT: '0' };
    return new Promise((resolve, reject) => {
      const child = spawn(t.engine.path, args, { cwd: this.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      this.children.add(child);
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      const timer = setTimeout(() => {
        child.kill('SIGTERM');
        reject(new Error(`${path.basename(t.engine.path)} ${args.join(' ')} took more than ${timeoutMs / 1000} s; output so far:\n${output.slice(-4000)}`));
      }, timeoutMs);
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        this.children.delete(child);
        resolve({ code: code ?? 1, output });
      });
    });
  }

  /** `init`; throws with the output unless it succeeds. */
  public async init(): Promise<void> {
    await this.must(['init', '-input=false', '-no-color']);
  }

  /** `apply -auto-approve`; throws with the output unless it succeeds. */
  public async apply(): Promise<string> {
    return (await this.must(['apply', '-auto-approve', '-input=false', '-no-color'])).output;
  }

  /** `plan -detailed-exitcode`: 0 no changes, 2 changes (with the plan as JSON); throws on an error. */
  public async plan(): Promise<{ changes: boolean; output: string; resourceChanges: Json[]; importing: string[] }> {
    const run = await this.engine(['plan', '-detailed-exitcode', '-input=false', '-no-color', '-out=plan.bin']);
    if (run.code !== 0 && run.code !== 2) {
      throw new Error(`plan failed (exit ${run.code}):\n${run.output}`);
    }
    const show = await this.must(['show', '-json', 'plan.bin']);
    const plan = JSON.parse(show.output.slice(show.output.indexOf('{')));
    const resourceChanges: Json[] = (plan.resource_changes ?? []).filter((c: Json) => !(c.change.actions.length === 1 && c.change.actions[0] === 'no-op' && !c.change.importing));
    return { changes: run.code === 2, output: run.output, resourceChanges, importing: resourceChanges.filter((c) => c.change.importing).map((c) => c.address) };
  }

  /** The import IDs of the msgraph resources in the state (`{url}/{id}?api-version=…`), by address. */
  public async msgraphImportIds(): Promise<Record<string, string>> {
    const show = await this.must(['show', '-json']);
    const state = JSON.parse(show.output.slice(show.output.indexOf('{')));
    const out: Record<string, string> = {};
    for (const r of state.values?.root_module?.resources ?? []) {
      if (r.mode === 'managed' && r.type === 'msgraph_resource') {
        out[r.address] = `/${r.values.url}/${r.values.id}?api-version=${r.values.api_version}`;
      }
    }
    return out;
  }

  /** `destroy -auto-approve`; throws with the output unless it succeeds. */
  public async destroy(): Promise<string> {
    return (await this.must(['destroy', '-auto-approve', '-input=false', '-no-color'])).output;
  }

  /** Ends the engine if it still runs, stops the emulator and removes the folder. */
  public async close(): Promise<void> {
    for (const child of this.children) {
      child.kill('SIGTERM');
    }
    await this.emulator.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private async must(args: string[]): Promise<EngineRun> {
    const run = await this.engine(args);
    if (run.code !== 0) {
      throw new Error(`${args[0]} failed (exit ${run.code}):\n${run.output}\nnotes:\n${this.prepared.notes.join('\n')}`);
    }
    return run;
  }
}

/** Synthesizes a cdktf App into a temporary folder and returns the named stack's JSON. */
export function synthesize(build: (outdir: string) => { synth(): void }, stack: string): Json {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'epa-synth-'));
  try {
    build(outdir).synth();
    return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
