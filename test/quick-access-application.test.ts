import { Aspects, TerraformStack, TerraformVariable } from 'cdktf';
import {
  AccessTest,
  ConnectorGroup,
  Destination,
  Port,
  Principal,
  PrivateAccessApplication,
  PrivateAccessChecks,
  PrivateAccessConditionalAccessPolicy,
  QuickAccessApplication,
} from '../lib';
import { PlanReview } from '../lib/testing';
import { addresses, errorOf, resources, synthObject, synthStack, terraformValidationErrors, testStack } from './util';

const STAFF = Principal.group('All staff');
const GROUP_ID = '55555555-5555-5555-5555-555555555555';

function quickAccess(s: TerraformStack, extra: Partial<ConstructorParameters<typeof QuickAccessApplication>[2]> = {}): QuickAccessApplication {
  return new QuickAccessApplication(s, 'QuickAccess', {
    connectorGroup: ConnectorGroup.fromConnectorGroupId(s, 'Connectors', GROUP_ID),
    segments: [{ destination: Destination.cidr('10.0.0.0/16'), ports: [Port.tcpRange(1, 65535)] }],
    principals: [STAFF],
    ...extra,
  });
}

/** The PATCH of the app's settings and the read that the drift check reads. */
function settingsOf(tf: any): { body: any; check: any } {
  const action = Object.values<any>(resources(tf, 'msgraph_resource_action')).find((r) => r.method === 'PATCH');
  const check = Object.values<any>(tf.check ?? {})[0];
  return { body: action.body, check };
}

/**
 * What the msgraph provider stores after a read: for each key the configuration sends, the value
 * Graph returns (`msgraph_resource` copies back only the keys it was given). A plan shows a change
 * exactly when this differs from the configured body.
 */
function readBack(configured: Record<string, unknown>, fromGraph: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(configured).map((k) => [k, fromGraph[k]]));
}

describe('QuickAccessApplication', () => {
  test('is made from the template and PATCHed as the Quick Access app, DNS resolution off without suffixes', () => {
    const tf = synthObject((s) => quickAccess(s));
    expect(Object.values<any>(resources(tf, 'azuread_application_from_template'))[0]).toMatchObject({
      template_id: '8adf8e6e-67b2-4cf2-a259-e3dc5476c621',
      display_name: 'Quick Access',
    });
    const { body, check } = settingsOf(tf);
    expect(body).toEqual({
      onPremisesPublishing: { applicationType: 'quickaccessapp', isAccessibleViaZTNAClient: true, isDnsResolutionEnabled: false },
      tags: ['HideApp', 'NetworkAccessQuickAccessApplication'],
    });
    expect(check.assert[0].condition).toContain('== "quickaccessapp"');
    expect(check.assert[0].condition).toContain('isDnsResolutionEnabled, false) == false');
  });

  test('DNS suffixes: sent without ports and protocol, DNS resolution on, and the read-back is no change', () => {
    const tf = synthObject((s) => {
      const qa = quickAccess(s, { dnsSuffixes: ['Corp.Contoso.com'] });
      qa.addDnsSuffix('contoso.local');
    });
    const { body, check } = settingsOf(tf);
    expect(body.onPremisesPublishing.isDnsResolutionEnabled).toBe(true);
    expect(check.assert[0].condition).toContain('isDnsResolutionEnabled, false) == true');
    const suffixes = Object.entries<any>(resources(tf, 'msgraph_resource')).filter(([name]) => name.includes('DnsSuffix'));
    expect(suffixes.map(([name]) => name.replace(/_[0-9A-F]{8}$/, '')).sort()).toEqual(['QuickAccess_DnsSuffix-contoso_local', 'QuickAccess_DnsSuffix-corp_contoso_com']);
    for (const [, r] of suffixes) {
      expect(Object.keys(r.body).sort()).toEqual(['destinationHost', 'destinationType']);
      expect(r.body.destinationType).toBe('dnsSuffix');
      expect(r.url).toMatch(/\/applicationSegments$/);
      // What Graph returns for a suffix (Migrate2GSA's tenant inspection): ports [] and protocol "0".
      const graph = { destinationHost: r.body.destinationHost, destinationType: 'dnsSuffix', port: 0, ports: [], protocol: '0', action: 'tunnel', id: 'x' };
      expect(readBack(r.body, graph)).toEqual(r.body);
    }
    // Had the body sent the ports and protocol a suffix has not, every plan would show a change.
    const naive = { destinationHost: 'contoso.local', destinationType: 'dnsSuffix', ports: ['53-53'], protocol: 'udp' };
    expect(readBack(naive, { ...naive, ports: [], protocol: '0' })).not.toEqual(naive);
  });

  test('a suffix added twice, one that is a host name with a wildcard, or one given as a token is refused', () => {
    const s = testStack();
    const qa = quickAccess(s);
    qa.addDnsSuffix('corp.contoso.com');
    expect(() => qa.addDnsSuffix('CORP.contoso.com')).toThrow('test/QuickAccess: the DNS suffix "corp.contoso.com" is added twice; list each suffix once');
    expect(() => qa.addDnsSuffix('*.contoso.com')).toThrow(/^test\/QuickAccess: /);
    expect(() => qa.addDnsSuffix('co.uk')).toThrow(/public suffix/);
    expect(() => qa.addDnsSuffix(new TerraformVariable(s, 'suffix', {}).stringValue)).toThrow(/is an unresolved token, so it cannot name the segment's Terraform address; give the suffix as text/);
  });

  test('a tenant has one: a second in the App fails, naming the first', () => {
    const s = testStack();
    quickAccess(s);
    const other = new TerraformStack(s.node.scope as any, 'other');
    expect(() => new QuickAccessApplication(other, 'Second', {})).toThrow(
      'other/Second: a tenant has one Quick Access app, and test/QuickAccess is it already; add segments to that one (QuickAccessApplication.fromExisting when the tenant has it)',
    );
  });

  test('an empty one fails synth; DNS suffixes alone are enough', () => {
    const empty = testStack();
    new QuickAccessApplication(empty, 'QuickAccess', {
      connectorGroup: ConnectorGroup.fromConnectorGroupId(empty, 'Connectors', GROUP_ID),
      principals: [STAFF],
    });
    expect(errorOf(() => synthStack(empty))).toContain('[test/QuickAccess] the Quick Access app has no segments and no DNS suffixes');
    const suffixOnly = testStack();
    new QuickAccessApplication(suffixOnly, 'QuickAccess', {
      connectorGroup: ConnectorGroup.fromConnectorGroupId(suffixOnly, 'Connectors', GROUP_ID),
      principals: [STAFF],
      dnsSuffixes: ['corp.contoso.com'],
    });
    expect(() => synthStack(suffixOnly)).not.toThrow();
  });

  describe('fromExisting', () => {
    test('finds the app by its tag when Terraform plans, makes none, and fails the plan unless there is exactly one', () => {
      const tf = synthObject((s) => {
        QuickAccessApplication.fromExisting(s, 'QuickAccess', { dnsSuffixes: ['corp.contoso.com'] });
      });
      expect(addresses(tf).filter((a) => a.includes('application_from_template'))).toEqual([]);
      const lookup = Object.entries<any>(tf.data.msgraph_resource).find(([name]) => name.startsWith('QuickAccess_Lookup_'))![1];
      expect(lookup.url).toBe('applications');
      expect(lookup.query_parameters.$filter).toEqual(["tags/any(t:t eq 'NetworkAccessQuickAccessApplication')"]);
      expect(lookup.headers).toEqual({ ConsistencyLevel: 'eventual' });
      expect(lookup.lifecycle.postcondition[0].condition).toBe('${self.output.count == 1}');
      expect(lookup.lifecycle.postcondition[0].error_message).toContain('applications tagged NetworkAccessQuickAccessApplication, not one');
      const suffix = Object.entries<any>(tf.resource.msgraph_resource).find(([name]) => name.includes('DnsSuffix'))![1];
      expect(suffix.url).toMatch(/^applications\/\$\{data\.msgraph_resource\.QuickAccess_Lookup_[0-9A-F]{8}\.output\["id"\]\}\/onPremisesPublishing/);
      const sp = Object.entries<any>(tf.data.msgraph_resource).find(([name]) => name.startsWith('QuickAccess_ServicePrincipalLookup_'))![1];
      expect(sp.query_parameters.$filter[0]).toMatch(/^appId eq '\$\{data\.msgraph_resource\.QuickAccess_Lookup_[0-9A-F]{8}\.output\["appId"\]\}'$/);
      expect(terraformValidationErrors(tf)).toEqual([]);
    });

    test('is the one Quick Access app of the App too', () => {
      const s = testStack();
      QuickAccessApplication.fromExisting(s, 'Existing');
      expect(() => quickAccess(s)).toThrow(/test\/Existing is it already/);
    });
  });

  describe('with enterprise apps', () => {
    function estate(s: TerraformStack, qaSegments = [{ destination: Destination.cidr('10.0.0.0/16'), ports: [Port.tcpRange(1, 65535)] }]) {
      const connectors = ConnectorGroup.fromConnectorGroupId(s, 'Connectors', GROUP_ID);
      const qa = new QuickAccessApplication(s, 'QuickAccess', { connectorGroup: connectors, segments: qaSegments, principals: [STAFF] });
      const ssh = new PrivateAccessApplication(s, 'Ssh', {
        displayName: 'SSH',
        connectorGroup: connectors,
        segments: [{ destination: Destination.ipAddress('10.0.1.4'), ports: [Port.SSH] }],
        principals: [Principal.group('Linux Admins')],
      });
      new PrivateAccessConditionalAccessPolicy(s, 'Mfa', { displayName: 'MFA', applications: [qa, ssh] });
      return { qa, ssh };
    }

    test('an enterprise segment may overlap Quick Access (the enterprise app wins); two Quick Access segments may not', () => {
      const fine = testStack();
      estate(fine);
      expect(() => synthStack(fine)).not.toThrow();
      const clash = testStack();
      estate(clash, [
        { destination: Destination.cidr('10.0.0.0/16'), ports: [Port.SSH] },
        { destination: Destination.ipRange('10.0.0.1', '10.0.0.9'), ports: [Port.tcpRange(20, 30)] },
      ]);
      expect(errorOf(() => synthStack(clash))).toMatch(/segments test\/QuickAccess\/Segment-tcp-cidr-10_0_0_0-16 and test\/QuickAccess\/Segment-tcp-range-10_0_0_1--10_0_0_9 overlap/);
    });

    test('access tests route through the enterprise app where it covers the entry, through Quick Access elsewhere', () => {
      const s = testStack();
      estate(s);
      new AccessTest(s, 'AdminReachesSsh', { principal: Principal.group('Linux Admins'), accept: ['10.0.1.4:22'] });
      new AccessTest(s, 'StaffNotSsh', { principal: STAFF, deny: ['10.0.1.4:22'], accept: ['10.0.2.9:443'] });
      const review = PlanReview.accessReviewOf(s).document;
      const results = review.accessTests.flatMap((t) => t.results.map((r) => [t.path, r.entry, r.passed, r.grantedBy]));
      expect(results).toEqual([
        ['test/AdminReachesSsh', '10.0.1.4:22', true, ['SSH']],
        ['test/StaffNotSsh', '10.0.2.9:443', true, ['Quick Access']],
        ['test/StaffNotSsh', '10.0.1.4:22', true, []],
      ]);
    });

    test('the review marks the Quick Access app and lists its suffixes; the rule pack checks it', () => {
      const s = testStack();
      const { qa } = estate(s);
      qa.addDnsSuffix('corp.contoso.com');
      Aspects.of(s).add(new PrivateAccessChecks());
      const { document, markdown } = PlanReview.accessReviewOf(s);
      const reviewed = document.applications.find((a) => a.path === 'test/QuickAccess')!;
      expect(reviewed).toMatchObject({ quickAccess: true, dnsSuffixes: ['corp.contoso.com'] });
      expect(document.applications.find((a) => a.path === 'test/Ssh')!.quickAccess).toBeUndefined();
      expect(document.rulePack.uncheckedApplications).toEqual([]);
      expect(markdown).toContain("| Kind | the tenant's Quick Access app |");
      expect(markdown).toContain('| corp.contoso.com | dnsSuffix (Private DNS) | - | - |');
      expect(markdown).toContain('DNS suffix corp.contoso.com');
    });
  });
});
