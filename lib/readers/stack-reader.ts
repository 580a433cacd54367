/**
 * The one reader of what Terraform applies: a synthesized stack (`cdk.tf.json`, after every aspect
 * and override) to the access model. It reads resources by type and by what they refer to, never
 * by which construct made them, so an escape hatch, a raw resource or a late aspect is read like
 * anything else; what touches a Private Access app but cannot be placed is reported, not dropped.
 *
 * A plan's JSON is read by the same code once `plan-reader.ts` has turned it into this shape.
 */
import {
  AccessModel,
  ModelAdoption,
  ModelApplication,
  ModelApplicationKind,
  ModelApplicationSettings,
  ModelAssignment,
  ModelConnectorGroup,
  ModelConnectorGroupLink,
  ModelConnectorHost,
  ModelDnsSuffix,
  ModelForwardingProfile,
  ModelNetworkRule,
  ModelPolicy,
  ModelPrincipal,
  ModelPrincipalReference,
  ModelPrincipalType,
  ModelSegment,
  ModelSource,
  ModelUnplaced,
  ModelValue,
} from '../model/access-model';
import { exactReference, isExpression, Reference, referencesInText, stringsOf } from './expressions';

/** The Graph paths the reader recognises (the same the constructs write). */
const SEGMENTS_SUFFIX = '/onPremisesPublishing/segmentsConfiguration/microsoft.graph.ipSegmentConfiguration/applicationSegments';
const CONNECTOR_GROUPS = 'onPremisesPublishingProfiles/applicationProxy/connectorGroups';
const CONNECTORS = 'onPremisesPublishingProfiles/applicationProxy/connectors';
const FORWARDING_PROFILES = 'networkAccess/forwardingProfiles';
const QUICK_ACCESS_TAG = 'NetworkAccessQuickAccessApplication';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Keys whose strings do not make a block "touch" what they name. */
const NOT_A_USE = new Set(['//', 'depends_on', 'lifecycle', 'provider', 'provisioner', 'connection', 'timeouts', 'retry']);

/** One resource or data source block of the configuration. */
interface Block {
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly address: string;
  readonly body: Record<string, any>;
  readonly source: ModelSource;
}

/** What an app handle denotes. */
type AppRole = 'objectId' | 'servicePrincipal' | 'clientId' | 'displayName';

/** An app while it is being read. */
interface AppDraft {
  readonly source: ModelSource;
  readonly roots: Set<string>;
  kind?: ModelApplicationKind;
  displayName: ModelValue;
  readonly existing: boolean;
  readonly adoptedId?: string;
  readonly applicationObjectId?: string;
  clientId?: string;
  readonly segments: ModelSegment[];
  readonly dnsSuffixes: ModelDnsSuffix[];
  connectorGroup?: ModelConnectorGroupLink;
  readonly assignments: ModelAssignment[];
  settings?: ModelApplicationSettings;
  /** Whether the template made it a candidate only (a template app without Private Access settings is no Private Access app). */
  readonly candidate: boolean;
}

/** Options of a read. */
export interface ReadOptions {
  /** The model's name: the stack's. */
  readonly name?: string;
  /** `stack` or `plan`. */
  readonly origin?: string;
}

/** A value as the model holds it: a literal, or an expression known only at apply. */
export function modelValue(raw: unknown): ModelValue | undefined {
  if (raw === undefined || raw === null) {
    return undefined;
  }
  if (typeof raw === 'string') {
    return isExpression(raw) ? { expression: raw } : { value: raw };
  }
  if (typeof raw === 'number' || typeof raw === 'boolean') {
    return { value: String(raw) };
  }
  return { expression: JSON.stringify(raw) };
}

function valueOr(raw: unknown, fallback: string): ModelValue {
  return modelValue(raw) ?? { value: fallback };
}

function values(raw: unknown): ModelValue[] {
  if (raw === undefined || raw === null) {
    return [];
  }
  if (typeof raw === 'string') {
    return [modelValue(raw)!]; // a whole list known only at apply
  }
  return Array.isArray(raw) ? raw.map((v) => modelValue(v)).filter((v): v is ModelValue => v !== undefined) : [];
}

/** The construct path in a block's `//` metadata, without a trailing `/Resource`. */
function pathOf(body: Record<string, any>): string | undefined {
  const p = body?.['//']?.metadata?.path;
  return typeof p === 'string' ? p.replace(/\/(Resource|Lookup)$/, '') : undefined;
}

function blocksOf(json: any): Block[] {
  const out: Block[] = [];
  for (const [mode, key] of [
    ['managed', 'resource'],
    ['data', 'data'],
  ] as const) {
    for (const [type, items] of Object.entries<Record<string, any>>(json?.[key] ?? {})) {
      for (const [name, body] of Object.entries<Record<string, any>>(items ?? {})) {
        const address = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
        out.push({ mode, type, name, address, body: body ?? {}, source: { address, ...(pathOf(body) !== undefined ? { path: pathOf(body) } : {}) } });
      }
    }
  }
  return out;
}

/** A path of the form `<prefix><handle><suffix>`, where the handle is one reference or a literal GUID. */
function handleIn(text: unknown, prefix: string, suffix = ''): { ref?: Reference; literal?: string } | undefined {
  if (typeof text !== 'string' || !text.startsWith(prefix) || !text.endsWith(suffix) || text.length < prefix.length + suffix.length) {
    return undefined;
  }
  const middle = text.slice(prefix.length, text.length - suffix.length);
  if (GUID.test(middle)) {
    return { literal: middle.toLowerCase() };
  }
  const ref = exactReference(middle);
  return ref ? { ref } : undefined;
}

/** The handle a whole string is: one reference or a literal GUID. */
function handleOf(text: unknown): { ref?: Reference; literal?: string } | undefined {
  return handleIn(text, '');
}

/** Reads the Private Access configuration of a synthesized stack (the JSON of `cdk.tf.json`). */
export function readStackModel(json: any, options: ReadOptions = {}): AccessModel {
  return new StackReader(json, options).read();
}

class StackReader {
  private readonly blocks: Block[];
  private readonly byAddress = new Map<string, Block>();
  private readonly imports = new Map<string, string>();
  /** App handles: a reference path or a literal GUID → the app and what it denotes. */
  private readonly appHandles = new Map<string, { app: AppDraft; role: AppRole }>();
  private readonly apps: AppDraft[] = [];
  /** Block addresses that denote an app (the app resource and the lookups derived from it). */
  private readonly appRoots = new Map<string, AppDraft>();
  /** Connector group handles → the group's address in the model. */
  private readonly groupHandles = new Map<string, string>();
  private readonly groups: ModelConnectorGroup[] = [];
  private readonly consumed = new Set<string>();
  private readonly unplaced: ModelUnplaced[] = [];
  private readonly policies: ModelPolicy[] = [];
  private forwardingProfile?: ModelForwardingProfile;
  private readonly networkRules: ModelNetworkRule[] = [];
  private readonly connectorHosts: ModelConnectorHost[] = [];
  private readonly adoptions: ModelAdoption[] = [];

  constructor(private readonly json: any, private readonly options: ReadOptions) {
    this.blocks = blocksOf(json);
    for (const b of this.blocks) {
      this.byAddress.set(b.address, b);
    }
    for (const i of Array.isArray(json?.import) ? json.import : []) {
      if (typeof i?.to === 'string' && typeof i?.id === 'string') {
        this.imports.set(i.to, i.id);
      }
    }
  }

  public read(): AccessModel {
    this.findApplications();
    this.deriveApplicationHandles();
    this.findConnectorGroups();
    // Segments first, so that anything referring to a segment is known to touch its app.
    for (const b of this.blocks) {
      if (!this.consumed.has(b.address) && this.placeSegment(b)) {
        this.consumed.add(b.address);
      }
    }
    for (const b of this.blocks) {
      if (!this.consumed.has(b.address)) {
        this.place(b);
      }
    }
    this.findAdoptions();
    const applications = this.apps
      .filter((a) => !a.candidate || a.settings !== undefined || a.segments.length + a.dnsSuffixes.length > 0)
      .map((a) => this.finish(a));
    const placedApps = new Set(applications.map((a) => a.source.address));
    for (const p of this.policies) {
      // Policies were placed against every candidate; keep only real apps.
      (p.applications as string[]).splice(0, p.applications.length, ...p.applications.filter((a) => placedApps.has(a)));
    }
    return {
      name: this.options.name ?? String(this.json?.['//']?.metadata?.stackName ?? 'stack'),
      origin: this.options.origin ?? 'stack',
      applications: applications.sort((a, b) => compare(a.source.address, b.source.address)),
      policies: this.policies.sort((a, b) => compare(a.source.address, b.source.address)),
      connectorGroups: this.groups.sort((a, b) => compare(a.source.address, b.source.address)),
      ...(this.forwardingProfile ? { forwardingProfile: this.forwardingProfile } : {}),
      networkRules: this.networkRules.sort((a, b) => compare(a.source.address, b.source.address)),
      connectorHosts: this.connectorHosts.sort((a, b) => compare(a.source.address, b.source.address)),
      adoptions: this.adoptions.sort((a, b) => compare(a.address, b.address)),
      unplaced: this.unplaced.sort((a, b) => compare(a.source.address, b.source.address)),
    };
  }

  // ---- apps ------------------------------------------------------------------------------------

  private newApp(b: Block, init: Partial<AppDraft> & { displayName: ModelValue; existing: boolean; candidate: boolean }): AppDraft {
    const app: AppDraft = {
      source: b.source,
      roots: new Set([b.address]),
      segments: [],
      dnsSuffixes: [],
      assignments: [],
      ...init,
    };
    this.apps.push(app);
    this.appRoots.set(b.address, app);
    this.consumed.add(b.address);
    return app;
  }

  private handle(key: string | undefined, app: AppDraft, role: AppRole): void {
    if (key !== undefined && !this.appHandles.has(key)) {
      this.appHandles.set(key, { app, role });
    }
  }

  private findApplications(): void {
    for (const b of this.blocks) {
      if (b.mode === 'managed' && b.type === 'azuread_application_from_template') {
        const importId = this.imports.get(b.address);
        const ids = importId ? /\/instantiate\/([0-9a-f-]{36})\/([0-9a-f-]{36})$/i.exec(importId) : null;
        const app = this.newApp(b, {
          displayName: valueOr(b.body.display_name, ''),
          existing: false,
          candidate: true,
          ...(importId ? { adoptedId: importId } : {}),
          ...(ids ? { applicationObjectId: ids[1].toLowerCase() } : {}),
        });
        this.handle(`${b.address}.application_object_id`, app, 'objectId');
        this.handle(`${b.address}.service_principal_object_id`, app, 'servicePrincipal');
        this.handle(`${b.address}.display_name`, app, 'displayName');
        if (ids) {
          this.handle(ids[1].toLowerCase(), app, 'objectId');
          this.handle(ids[2].toLowerCase(), app, 'servicePrincipal');
        }
      } else if (b.mode === 'managed' && b.type === 'azuread_application') {
        const app = this.newApp(b, { displayName: valueOr(b.body.display_name, ''), existing: false, candidate: true });
        this.handle(`${b.address}.object_id`, app, 'objectId');
        this.handle(`${b.address}.client_id`, app, 'clientId');
        this.handle(`${b.address}.display_name`, app, 'displayName');
      } else if (b.mode === 'data' && b.type === 'msgraph_resource' && b.body.url === 'applications' && JSON.stringify(b.body.query_parameters ?? {}).includes(QUICK_ACCESS_TAG)) {
        const app = this.newApp(b, {
          kind: ModelApplicationKind.QUICK_ACCESS,
          displayName: { expression: `\${${b.address}.output.displayName}` },
          existing: true,
          candidate: false,
        });
        this.handle(`${b.address}.output.id`, app, 'objectId');
        this.handle(`${b.address}.output.appId`, app, 'clientId');
        this.handle(`${b.address}.output.displayName`, app, 'displayName');
      }
    }
  }

  private appOf(text: unknown, role: AppRole): AppDraft | undefined {
    const h = handleOf(text);
    return this.appFromHandle(h, role);
  }

  private appFromHandle(h: { ref?: Reference; literal?: string } | undefined, role: AppRole): AppDraft | undefined {
    const key = h?.ref?.path ?? h?.literal;
    const found = key !== undefined ? this.appHandles.get(key) : undefined;
    return found && found.role === role ? found.app : undefined;
  }

  /** Lookups derived from an app (its client ID, its service principal), added as handles of the app. */
  private deriveApplicationHandles(): void {
    // Chains are short (application → service principal → client ID): a few passes reach the end.
    for (let pass = 0; pass < 3; pass++) {
      for (const b of this.blocks) {
        if (b.mode !== 'data' || this.consumed.has(b.address)) {
          continue;
        }
        const derived = this.derive(b);
        if (derived) {
          this.consumed.add(b.address);
          derived.roots.add(b.address);
          this.appRoots.set(b.address, derived);
        }
      }
    }
  }

  private derive(b: Block): AppDraft | undefined {
    if (b.type === 'azuread_application') {
      const app = this.appOf(b.body.object_id, 'objectId') ?? this.appOf(b.body.client_id, 'clientId');
      if (app) {
        this.handle(`${b.address}.client_id`, app, 'clientId');
        this.handle(`${b.address}.object_id`, app, 'objectId');
      }
      return app;
    }
    if (b.type === 'azuread_service_principal') {
      const app = this.appOf(b.body.object_id, 'servicePrincipal') ?? this.appOf(b.body.client_id, 'clientId');
      if (app) {
        this.handle(`${b.address}.client_id`, app, 'clientId');
        this.handle(`${b.address}.object_id`, app, 'servicePrincipal');
      }
      return app;
    }
    if (b.type === 'msgraph_resource') {
      const sp = this.appFromHandle(handleIn(b.body.url, 'servicePrincipals/'), 'servicePrincipal');
      if (sp) {
        this.handle(`${b.address}.output.appId`, sp, 'clientId');
        return sp;
      }
      const filter = b.body.query_parameters?.$filter;
      if (b.body.url === 'servicePrincipals' && Array.isArray(filter) && filter.length === 1) {
        const byAppId = this.appFromHandle(handleIn(filter[0], "appId eq '", "'"), 'clientId');
        if (byAppId) {
          this.handle(`${b.address}.output.id`, byAppId, 'servicePrincipal');
          return byAppId;
        }
      }
      const read = this.appFromHandle(handleIn(b.body.url, 'applications/'), 'objectId');
      if (read) {
        return read; // a read of the app's settings (the drift check)
      }
    }
    return undefined;
  }

  // ---- connector groups -------------------------------------------------------------------------

  private findConnectorGroups(): void {
    for (const b of this.blocks) {
      if (b.type !== 'msgraph_resource' || b.body.url !== CONNECTOR_GROUPS) {
        continue;
      }
      this.consumed.add(b.address);
      if (b.mode === 'managed') {
        const importId = this.imports.get(b.address);
        this.groups.push({
          source: b.source,
          ...(modelValue(b.body.body?.name) ? { name: modelValue(b.body.body?.name) } : {}),
          ...(modelValue(b.body.body?.region) ? { region: modelValue(b.body.body?.region) } : {}),
          existing: false,
          tenantDefault: false,
          ...(importId ? { adoptedId: importId } : {}),
        });
        this.groupHandles.set(`${b.address}.id`, b.address);
      } else {
        const id = b.body.response_export_values?.id;
        const byName = typeof id === 'string' ? /^value\[\?name == '((?:[^'\\]|\\.)*)'\] \| \[0\]\.id$/.exec(id) : null;
        const isDefault = id === 'value[?isDefault] | [0].id';
        this.groups.push({
          source: b.source,
          ...(byName ? { name: { value: byName[1].replace(/\\(.)/g, '$1') } } : {}),
          ...(!byName && !isDefault ? { connectorGroupId: { expression: `\${${b.address}.output.id}` } } : {}),
          existing: true,
          tenantDefault: isDefault,
        });
        this.groupHandles.set(`${b.address}.output.id`, b.address);
      }
    }
  }

  /** The connector group a reference or literal names, adding a group found by ID when it is not in the stack. */
  private groupLink(source: ModelSource, idText: string): ModelConnectorGroupLink {
    const h = handleOf(idText);
    const address = h?.ref ? this.groupHandles.get(h.ref.path) : undefined;
    if (address) {
      return { source, connectorGroupAddress: address, connectorGroupId: { expression: `\${${h!.ref!.path}}` } };
    }
    return { source, connectorGroupId: modelValue(idText)! };
  }

  // ---- placing every other block ---------------------------------------------------------------

  private place(b: Block): void {
    const placed =
      this.placeSettings(b) ||
      this.placeConnectorGroupLink(b) ||
      this.placeAssignment(b) ||
      this.placePolicy(b) ||
      this.placeForwardingProfile(b) ||
      this.placeNetwork(b) ||
      this.placeConnectorJoin(b) ||
      this.placeServicePrincipalUpdate(b);
    if (placed) {
      this.consumed.add(b.address);
      return;
    }
    const touched = this.touchedApp(b);
    if (touched) {
      this.unplaced.push({
        source: b.source,
        reason: `${b.address} refers to the Private Access app ${describeSource(touched.source)} in a way the access model does not know (${describeUse(b)}); what it grants is not in the review`,
      });
    }
  }

  /** The app a block refers to, through any of the app's handles or its segments. */
  private touchedApp(b: Block): AppDraft | undefined {
    for (const text of stringsOf(b.body, NOT_A_USE)) {
      if (!text.includes('${') && !GUID.test(text)) {
        continue;
      }
      for (const ref of referencesInText(text)) {
        const app = this.appRoots.get(ref.root) ?? this.segmentOwner.get(ref.root);
        if (app) {
          return app;
        }
      }
      for (const m of text.matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi)) {
        const h = this.appHandles.get(m[0].toLowerCase());
        if (h) {
          return h.app;
        }
      }
    }
    return undefined;
  }

  private readonly segmentOwner = new Map<string, AppDraft>();

  private placeSegment(b: Block): boolean {
    if (b.type !== 'msgraph_resource' || b.mode !== 'managed') {
      return false;
    }
    const app = this.appFromHandle(handleIn(b.body.url, 'applications/', SEGMENTS_SUFFIX), 'objectId');
    if (!app) {
      return false;
    }
    const body = b.body.body ?? {};
    const adoptedId = this.imports.get(b.address);
    this.segmentOwner.set(b.address, app);
    if (body.destinationType === 'dnsSuffix') {
      app.dnsSuffixes.push({ source: b.source, suffix: valueOr(body.destinationHost, ''), ...(adoptedId ? { adoptedId } : {}) });
      return true;
    }
    app.segments.push({
      source: b.source,
      destinationHost: valueOr(body.destinationHost, ''),
      destinationType: valueOr(body.destinationType, ''),
      protocol: valueOr(body.protocol, ''),
      ports: typeof body === 'string' ? [{ expression: body }] : values(body.ports),
      ...(adoptedId ? { adoptedId } : {}),
    });
    return true;
  }

  private placeSettings(b: Block): boolean {
    const url = b.type === 'msgraph_resource_action' ? b.body.resource_url : b.type === 'msgraph_update_resource' ? b.body.url : undefined;
    if (url === undefined || b.mode !== 'managed' || (b.type === 'msgraph_resource_action' && (b.body.action ?? '') !== '')) {
      return false;
    }
    const app = this.appFromHandle(handleIn(url, 'applications/'), 'objectId');
    const publishing = b.body.body?.onPremisesPublishing;
    if (!app || publishing === undefined || (b.body.method !== undefined && b.body.method !== 'PATCH')) {
      return false;
    }
    const settings: ModelApplicationSettings = {
      source: b.source,
      applicationType: valueOr(publishing?.applicationType, ''),
      isAccessibleViaZTNAClient: valueOr(publishing?.isAccessibleViaZTNAClient, ''),
      ...(publishing?.isDnsResolutionEnabled !== undefined ? { isDnsResolutionEnabled: modelValue(publishing.isDnsResolutionEnabled) } : {}),
    };
    app.settings = settings;
    const type = settings.applicationType.value?.toLowerCase();
    if (type === 'quickaccessapp') {
      app.kind = ModelApplicationKind.QUICK_ACCESS;
    } else if (type === 'nonwebapp' && app.kind === undefined) {
      app.kind = ModelApplicationKind.ENTERPRISE;
    }
    return true;
  }

  private placeConnectorGroupLink(b: Block): boolean {
    if (b.type !== 'msgraph_resource_action' || b.mode !== 'managed' || b.body.action !== 'connectorGroup/$ref') {
      return false;
    }
    const app = this.appFromHandle(handleIn(b.body.resource_url, 'applications/'), 'objectId');
    const odataId = b.body.body?.['@odata.id'];
    const m = typeof odataId === 'string' ? /\/connectorGroups\/(.+)$/i.exec(odataId) : null;
    if (!app || !m || String(b.body.method ?? '').toUpperCase() !== 'PUT') {
      return false;
    }
    app.connectorGroup = this.groupLink(b.source, m[1]);
    return true;
  }

  private placeAssignment(b: Block): boolean {
    if (b.type !== 'azuread_app_role_assignment' || b.mode !== 'managed') {
      return false;
    }
    const app = this.appOf(b.body.resource_object_id, 'servicePrincipal');
    if (!app) {
      return false; // an assignment to another app: not Private Access (unless it touches the app otherwise)
    }
    const adoptedId = this.imports.get(b.address);
    app.assignments.push({
      source: b.source,
      principal: this.principal(b.body.principal_object_id, ModelPrincipalType.UNKNOWN),
      appRoleId: valueOr(b.body.app_role_id, ''),
      ...(adoptedId ? { adoptedId } : {}),
    });
    return true;
  }

  private placePolicy(b: Block): boolean {
    if (b.type !== 'azuread_conditional_access_policy' || b.mode !== 'managed') {
      return false;
    }
    const conditions = first(b.body.conditions) ?? {};
    const applications = first(conditions.applications) ?? {};
    const users = first(conditions.users) ?? {};
    const grant = first(b.body.grant_controls) ?? {};
    const session = first(b.body.session_controls);
    const targeted: string[] = [];
    const other: ModelValue[] = [];
    for (const v of asList(applications.included_applications)) {
      const app = this.appOf(v, 'clientId');
      if (app) {
        targeted.push(app.source.address);
      } else {
        other.push(modelValue(v)!);
      }
    }
    const principals = (list: unknown, type: ModelPrincipalType) =>
      asList(list)
        .filter((v) => !(typeof v === 'string' && /^(All|None|GuestsOrExternalUsers)$/.test(v)))
        .map((v) => this.principal(v, type));
    const importId = this.imports.get(b.address);
    this.policies.push({
      source: b.source,
      displayName: valueOr(b.body.display_name, ''),
      state: valueOr(b.body.state, ''),
      applications: [...new Set(targeted)].sort(),
      otherApplications: other,
      excludedApplications: values(applications.excluded_applications),
      includesAllUsers: asList(users.included_users).includes('All'),
      includes: [...principals(users.included_users, ModelPrincipalType.USER), ...principals(users.included_groups, ModelPrincipalType.GROUP)],
      excludes: [...principals(users.excluded_users, ModelPrincipalType.USER), ...principals(users.excluded_groups, ModelPrincipalType.GROUP)],
      includedRoles: values(users.included_roles),
      excludedRoles: values(users.excluded_roles),
      clientAppTypes: asList(conditions.client_app_types).map(String),
      builtInControls: asList(grant.built_in_controls).map(String),
      grantOperator: valueOr(grant.operator, 'OR'),
      ...(grant.authentication_strength_policy_id !== undefined ? { authenticationStrengthPolicyId: modelValue(grant.authentication_strength_policy_id) } : {}),
      ...(signInFrequency(session) ? { signInFrequency: signInFrequency(session) } : {}),
      ...(importId ? { adoptedId: importId } : {}),
    });
    return true;
  }

  private placeForwardingProfile(b: Block): boolean {
    if (b.type === 'msgraph_resource' && b.mode === 'data' && b.body.url === FORWARDING_PROFILES) {
      return true; // the lookup of the profile's ID
    }
    if ((b.type !== 'msgraph_update_resource' && b.type !== 'msgraph_resource_action') || b.mode !== 'managed') {
      return false;
    }
    const url = b.type === 'msgraph_update_resource' ? b.body.url : b.body.resource_url;
    if (typeof url !== 'string' || !url.startsWith(`${FORWARDING_PROFILES}/`) || b.body.body?.state === undefined) {
      return false;
    }
    this.forwardingProfile = { source: b.source, state: valueOr(b.body.body.state, '') };
    return true;
  }

  private placeNetwork(b: Block): boolean {
    if (b.mode !== 'managed') {
      return false;
    }
    if (b.type === 'azurerm_network_security_rule') {
      const x = b.body;
      this.networkRules.push({
        source: b.source,
        name: valueOr(x.name, ''),
        networkSecurityGroup: valueOr(x.network_security_group_name, ''),
        direction: valueOr(x.direction, ''),
        access: valueOr(x.access, ''),
        protocol: valueOr(x.protocol, ''),
        priority: valueOr(x.priority, ''),
        sources: [...values(x.source_address_prefix === undefined ? undefined : [x.source_address_prefix]), ...values(x.source_address_prefixes), ...values(x.source_application_security_group_ids)],
        destinations: [
          ...values(x.destination_address_prefix === undefined ? undefined : [x.destination_address_prefix]),
          ...values(x.destination_address_prefixes),
          ...values(x.destination_application_security_group_ids),
        ],
        destinationPorts: [...values(x.destination_port_range === undefined ? undefined : [x.destination_port_range]), ...values(x.destination_port_ranges)],
      });
      return true;
    }
    if (b.type === 'azurerm_windows_virtual_machine' || b.type === 'azurerm_linux_virtual_machine') {
      this.connectorHosts.push({
        source: b.source,
        name: valueOr(b.body.name, ''),
        size: valueOr(b.body.size, ''),
        ...(b.body.zone !== undefined ? { zone: modelValue(b.body.zone) } : {}),
      });
      return true;
    }
    return false;
  }

  /** The join of a connector to a group, and the lookup of the connector: the network path, not access. */
  private placeConnectorJoin(b: Block): boolean {
    if (b.type === 'msgraph_resource' && b.mode === 'data' && b.body.url === CONNECTORS) {
      return true;
    }
    return b.type === 'msgraph_resource_action' && typeof b.body.resource_url === 'string' && b.body.resource_url.startsWith(`${CONNECTOR_GROUPS}/`) && b.body.action === 'members/$ref';
  }

  /** A PATCH of the app's service principal tags (how the portal shows Quick Access). */
  private placeServicePrincipalUpdate(b: Block): boolean {
    if (b.mode !== 'managed' || (b.type !== 'msgraph_resource_action' && b.type !== 'msgraph_update_resource')) {
      return false;
    }
    const url = b.type === 'msgraph_update_resource' ? b.body.url : b.body.resource_url;
    const app = this.appFromHandle(handleIn(url, 'servicePrincipals/'), 'servicePrincipal');
    const keys = Object.keys(b.body.body ?? {});
    return app !== undefined && (b.body.action ?? '') === '' && keys.length > 0 && keys.every((k) => k === 'tags');
  }

  // ---- principals -------------------------------------------------------------------------------

  private principal(raw: unknown, contextType: ModelPrincipalType): ModelPrincipal {
    const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
    if (GUID.test(text)) {
      return principalById(contextType, text.toLowerCase());
    }
    const ref = exactReference(text);
    const target = ref ? this.byAddress.get(ref.root) : undefined;
    if (ref && target && (ref.attribute === 'object_id' || ref.attribute === 'id')) {
      const type = principalTypeOf(target.type) ?? contextType;
      if (target.mode === 'data' && (target.type === 'azuread_group' || target.type === 'azuread_user')) {
        const name = target.type === 'azuread_group' ? target.body.display_name : target.body.user_principal_name;
        if (typeof name === 'string' && !isExpression(name)) {
          return principalByName(type, name);
        }
        const objectId = target.body.object_id;
        const label = checkedLabel(target.body);
        if (typeof objectId === 'string' && GUID.test(objectId)) {
          return principalById(type, objectId.toLowerCase(), label);
        }
        if (typeof objectId === 'string') {
          return principalByExpression(type, objectId, label);
        }
      }
      if (target.mode === 'managed' && (target.type === 'azuread_group' || target.type === 'azuread_user' || target.type === 'azuread_service_principal')) {
        const name = target.type === 'azuread_user' ? target.body.user_principal_name : target.body.display_name;
        return {
          principalType: type,
          reference: ModelPrincipalReference.RESOURCE,
          identity: `${type}-resource-${target.address}`,
          objectId: { expression: text },
          ...(typeof name === 'string' && !isExpression(name) ? { name } : {}),
          description: `${type} ${target.source.path ?? target.address}`,
        };
      }
    }
    return principalByExpression(contextType, text);
  }

  // ---- adoptions --------------------------------------------------------------------------------

  private findAdoptions(): void {
    for (const [address, importId] of this.imports) {
      const b = this.byAddress.get(address);
      const kind = !b
        ? 'unknown'
        : b.type === 'azuread_application_from_template'
          ? 'application'
          : b.type === 'azuread_app_role_assignment'
            ? 'assignment'
            : b.type === 'azuread_conditional_access_policy'
              ? 'policy'
              : b.type === 'msgraph_resource' && b.body.url === CONNECTOR_GROUPS
                ? 'connectorGroup'
                : b.type === 'msgraph_resource' && b.body.body?.destinationType === 'dnsSuffix'
                  ? 'dnsSuffix'
                  : b.type === 'msgraph_resource' && String(b.body.url).endsWith(SEGMENTS_SUFFIX)
                    ? 'segment'
                    : b.type;
      this.adoptions.push({ address, ...(b?.source.path ? { path: b.source.path } : {}), kind, importId });
    }
  }

  private finish(a: AppDraft): ModelApplication {
    return {
      source: a.source,
      kind: a.kind ?? ModelApplicationKind.ENTERPRISE,
      displayName: a.displayName,
      existing: a.existing,
      ...(a.adoptedId ? { adoptedId: a.adoptedId } : {}),
      ...(a.applicationObjectId ? { applicationObjectId: a.applicationObjectId } : {}),
      ...(a.clientId ? { clientId: a.clientId } : {}),
      segments: a.segments.sort((x, y) => compare(x.source.address, y.source.address)),
      dnsSuffixes: a.dnsSuffixes.sort((x, y) => compare(x.source.address, y.source.address)),
      ...(a.connectorGroup ? { connectorGroup: a.connectorGroup } : {}),
      assignments: a.assignments.sort((x, y) => compare(x.source.address, y.source.address)),
      ...(a.settings ? { settings: a.settings } : {}),
    };
  }
}

// ---- principals, shared with the other readers ----------------------------------------------------

function principalTypeOf(resourceType: string): ModelPrincipalType | undefined {
  if (resourceType === 'azuread_group') {
    return ModelPrincipalType.GROUP;
  }
  if (resourceType === 'azuread_user') {
    return ModelPrincipalType.USER;
  }
  if (resourceType === 'azuread_service_principal') {
    return ModelPrincipalType.SERVICE_PRINCIPAL;
  }
  return undefined;
}

/** The label a `data azuread_group`/`azuread_user` checks with a postcondition on its display name. */
function checkedLabel(body: Record<string, any>): string | undefined {
  for (const p of asList(first(body.lifecycle)?.postcondition) as Array<{ condition?: unknown }>) {
    const m = typeof p?.condition === 'string' ? /^\$\{self\.display_name == ("(?:[^"\\]|\\.)*")\}$/.exec(p.condition) : null;
    if (m) {
      try {
        return JSON.parse(m[1].replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{'));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** A principal by object ID; `label` is a label a plan-time check holds to the object's display name. */
export function principalById(type: ModelPrincipalType, objectId: string, label?: string, labelChecked = label !== undefined): ModelPrincipal {
  return {
    principalType: type,
    reference: ModelPrincipalReference.OBJECT_ID,
    identity: `${type}-${objectId}`,
    objectId: { value: objectId },
    ...(label !== undefined ? { label, labelChecked } : {}),
    description: label !== undefined ? `${type} ${JSON.stringify(label)} (${objectId})` : `${type} ${objectId}`,
  };
}

/** A principal by group display name or user principal name. */
export function principalByName(type: ModelPrincipalType, name: string): ModelPrincipal {
  const key = name.toLowerCase();
  return {
    principalType: type,
    reference: ModelPrincipalReference.NAME,
    identity: type === ModelPrincipalType.USER ? `user-upn-${key}` : `${type}-name-${key}`,
    objectId: { expression: `(the object ID of ${type} ${JSON.stringify(name)}, looked up at plan)` },
    name: type === ModelPrincipalType.USER ? key : name,
    description: `${type} ${JSON.stringify(type === ModelPrincipalType.USER ? key : name)}`,
  };
}

/** A principal given by an expression known only at apply. */
export function principalByExpression(type: ModelPrincipalType, expression: string, label?: string): ModelPrincipal {
  return {
    principalType: type,
    reference: ModelPrincipalReference.EXPRESSION,
    identity: `${type}-expression-${expression}`,
    objectId: { expression },
    ...(label !== undefined ? { label, labelChecked: true } : {}),
    description: label !== undefined ? `${type} ${JSON.stringify(label)} (${expression})` : `${type} ${expression}`,
  };
}

// ---- small helpers ------------------------------------------------------------------------------

function first(v: any): any {
  return Array.isArray(v) ? v[0] : v;
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

function signInFrequency(session: any): string | undefined {
  if (!session) {
    return undefined;
  }
  if (session.sign_in_frequency_interval === 'everyTime') {
    return 'every time';
  }
  if (session.sign_in_frequency !== undefined) {
    return `${session.sign_in_frequency}${session.sign_in_frequency_period === 'days' ? 'd' : 'h'}`;
  }
  return undefined;
}

function describeSource(source: ModelSource): string {
  return source.path ?? source.address;
}

function describeUse(b: Block): string {
  const url = b.body.url ?? b.body.resource_url;
  return typeof url === 'string' ? `${b.type} on ${JSON.stringify(url)}${b.body.action ? ` action ${JSON.stringify(b.body.action)}` : ''}` : b.type;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
