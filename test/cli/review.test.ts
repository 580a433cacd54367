/**
 * `entra-private-access review --plan plan.json --approved access-review.json`: the deploy job's
 * gate. The plans here are made the way `terraform show -json` writes them for a JSON
 * configuration (each attribute's `constant_value` is the JSON as written, blocks are lists of
 * expression objects, planned values for what the plan knows, imports in `change.importing`),
 * using the providers' real schemas to tell blocks from attributes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AppRoleAssignment } from '@cdktf/provider-azuread/lib/app-role-assignment';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { AccessReview, ConnectorGroup, Destination, MsgraphProvider, Port, Principal, PrivateAccessApplication, PrivateAccessConditionalAccessPolicy } from '../../lib';
import { main } from '../../lib/cli';
import { readPlanModel } from '../../lib/readers/plan-reader';
import { readStackModel } from '../../lib/readers/stack-reader';

/** azuread 3.7.0's schemas (from `terraform providers schema -json`; see the fixture's `source`). */
const AZUREAD = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'azuread-3.7.0.schemas.json'), 'utf8'));
const SCHEMAS: Record<string, any> = {
  ...AZUREAD.resource_schemas,
  ...Object.values<any>(JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'providers', 'msgraph.schema.json'), 'utf8')).provider_schemas)[0].resource_schemas,
};
const DATA_SCHEMAS: Record<string, any> = {
  ...AZUREAD.data_source_schemas,
  ...Object.values<any>(JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'providers', 'msgraph.schema.json'), 'utf8')).provider_schemas)[0].data_source_schemas,
};

/** The expressions of a block as Terraform's JSON plan writes them for a JSON configuration. */
function expressions(body: Record<string, any>, block: any): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === '//' || key === 'depends_on' || key === 'lifecycle' || key === 'provider') {
      continue;
    }
    const nested = block?.block_types?.[key];
    if (nested) {
      out[key] = (Array.isArray(value) ? value : [value]).map((v) => expressions(v, nested.block));
    } else {
      const refs = [...JSON.stringify(value).matchAll(/\$\{([a-z_.A-Z0-9-]+)/g)].map((m) => m[1]);
      out[key] = { constant_value: value, ...(refs.length > 0 ? { references: refs } : {}) };
    }
  }
  return out;
}

/** A plan of a synthesized stack: its configuration, planned values where they are given, and imports. */
function planOf(tf: any, planned: Record<string, Record<string, unknown>> = {}, variables: Record<string, unknown> = {}): any {
  const resources: any[] = [];
  const changes: any[] = [];
  const imports = new Map<string, string>((tf.import ?? []).map((i: any) => [i.to, i.id]));
  for (const [kind, mode, schemas] of [
    ['resource', 'managed', SCHEMAS],
    ['data', 'data', DATA_SCHEMAS],
  ] as const) {
    for (const [type, items] of Object.entries<any>(tf[kind] ?? {})) {
      for (const [name, body] of Object.entries<any>(items)) {
        const address = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
        resources.push({ address, mode, type, name, expressions: expressions(body, schemas[type]?.block), schema_version: 0 });
        if (mode === 'managed') {
          changes.push({ address, mode, type, name, change: { actions: ['create'], after: planned[address] ?? {}, after_unknown: {}, ...(imports.has(address) ? { importing: { id: imports.get(address) } } : {}) } });
        }
      }
    }
  }
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    variables: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, { value: v }])),
    planned_values: { root_module: { resources: Object.entries(planned).map(([address, values]) => ({ address, values })) } },
    resource_changes: changes,
    configuration: { root_module: { resources } },
  };
}

/** The example-like stack; `tamper` changes it after the review was written, as a pipeline could. */
function synthesize(dir: string, tamper?: (s: TerraformStack, app: PrivateAccessApplication) => void): { review: string; tf: any } {
  const app = new App({ outdir: dir });
  const s = new TerraformStack(app, 'ssh');
  new AzureadProvider(s, 'azuread');
  new MsgraphProvider(s, 'msgraph');
  const pa = new PrivateAccessApplication(s, 'Ssh', {
    displayName: 'SSH',
    connectorGroup: new ConnectorGroup(s, 'Connectors', { name: 'DC1' }),
    segments: [{ destination: Destination.cidr('10.20.1.0/24'), ports: [Port.SSH] }],
    principals: [Principal.group('Linux Admins')],
  });
  new PrivateAccessConditionalAccessPolicy(s, 'Mfa', { displayName: 'SSH: MFA', applications: [pa] });
  tamper?.(s, pa);
  AccessReview.of(s);
  app.synth();
  const stackDir = path.join(dir, 'stacks', 'ssh');
  return { review: path.join(stackDir, 'access-review.json'), tf: JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) };
}

async function gate(planFile: string, reviewFile: string, format = 'markdown'): Promise<{ code: number; out: string; log: string }> {
  let out = '';
  let log = '';
  const code = await main(['review', '--plan', planFile, '--approved', reviewFile, '--format', format], (m) => (log += `${m}\n`), (t) => (out += t));
  return { code, out, log };
}

describe('entra-private-access review --plan', () => {
  let work: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'gate-'));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  const write = (name: string, json: unknown) => {
    const file = path.join(work, name);
    fs.writeFileSync(file, JSON.stringify(json));
    return file;
  };

  test('the plan of the reviewed configuration reads into the same model, and passes', async () => {
    const { review, tf } = synthesize(path.join(work, 'same'));
    const plan = planOf(tf);
    const fromPlan = readPlanModel(plan, 'ssh');
    const fromStack = readStackModel(tf, { name: 'ssh' });
    // Paths come from cdktf's metadata, which a plan does not carry; everything else is the same.
    const strip = (m: unknown) => JSON.parse(JSON.stringify(m, (k, v) => (k === 'path' || k === 'origin' ? undefined : v)));
    expect(strip(fromPlan)).toEqual(strip(fromStack));
    const { code, out } = await gate(write('same.plan.json', plan), review);
    expect([code, out]).toEqual([0, expect.stringContaining('grants exactly what')]);
  });

  test('a plan of a configuration changed after the review (a raw assignment) is refused, with the difference', async () => {
    const { review } = synthesize(path.join(work, 'approved'));
    const { tf } = synthesize(path.join(work, 'tampered'), (s, app) => {
      new AppRoleAssignment(s, 'Backdoor', { appRoleId: '18d14569-c3bd-439b-9a66-3a2aee01d14f', principalObjectId: '99999999-9999-9999-9999-999999999999', resourceObjectId: app.servicePrincipalObjectId });
    });
    const { code, out } = await gate(write('tampered.plan.json', planOf(tf)), review);
    expect(code).toBe(2);
    expect(out).toContain('## The plan does not match the approved review: ssh');
    expect(out).toContain('| unknown 99999999-9999-9999-9999-999999999999 | tcp 22 | 10.20.1.0/24 | SSH | **no** |');
  });

  test('ports the review showed as known at apply are refused once the plan knows them', async () => {
    const { review, tf } = synthesize(path.join(work, 'variable'), (s, app) => {
      const port = new TerraformVariable(s, 'port', { type: 'number' });
      app.addSegment({ destination: Destination.ipAddress('10.20.0.9'), ports: [Port.tcp(port.numberValue)], id: 'app' });
    });
    const address = Object.keys(tf.resource.msgraph_resource).find((k) => k.includes('Segment-tcp-app'))!;
    const planned = { [`msgraph_resource.${address}`]: { body: { destinationHost: '10.20.0.9', destinationType: 'ip', ports: ['8443-8443'], protocol: 'tcp' } } };
    const { code, out } = await gate(write('variable.plan.json', planOf(tf, planned, { port: 8443 })), review, 'json');
    expect(code).toBe(2);
    expect(JSON.parse(out).delta.gained.map((g: any) => `${g.principal.description} ${g.protocol} ${g.ports.join()} ${g.destination}`)).toEqual(['group "Linux Admins" tcp 8443-8443 10.20.0.9']);
  });

  test('imports in the plan are adoptions the review must have shown', async () => {
    const { review, tf } = synthesize(path.join(work, 'import'));
    const address = `azuread_conditional_access_policy.${Object.keys(tf.resource.azuread_conditional_access_policy)[0]}`;
    const plan = planOf({ ...tf, import: [{ to: address, id: '/identity/conditionalAccess/policies/e1e2e3e4-0000-4000-8000-000000000001' }] });
    const { code, out } = await gate(write('import.plan.json', plan), review);
    expect(code).toBe(2);
    expect(out).toContain('adopts existing policy /identity/conditionalAccess/policies/e1e2e3e4-0000-4000-8000-000000000001: now targets only SSH, enabled, requiring mfa');
  });

  test('what is not a plan, or not a review, is an error', async () => {
    const { review, tf } = synthesize(path.join(work, 'errors'));
    const notPlan = await gate(write('cdk.tf.json', tf), review);
    expect(notPlan.code).toBe(1);
    expect(notPlan.log).toContain('this is not the JSON of a Terraform plan: make it with `terraform show -json <plan file>`');
    expect((await main(['review', '--plan', 'x.json'], () => undefined, () => undefined))).toBe(2);
  });
});
