/**
 * First-deploy failures that show only at apply (issue 19), with the real msgraph provider against
 * the Graph emulator; the ones visible in cdk.tf.json are in test/first-deploy.test.ts.
 */
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import {
  ConnectorGroup,
  ConnectorGroupRegion,
  Destination,
  MsgraphProvider,
  Port,
  Principal,
  PrivateAccessApplication,
  Protocol,
  QuickAccessApplication,
} from '../../lib';
import { DataMsgraphResource } from '../../lib/gen/providers/msgraph/data-msgraph-resource';
import { connectorQuery } from '../../lib/private/connector-install';
import { ApplyRun, applyTools, synthesize } from './harness';

function stackOf(build: (s: TerraformStack) => void): any {
  return synthesize((outdir) => {
    const app = new App({ outdir });
    const s = new TerraformStack(app, 'scenario');
    new AzureadProvider(s, 'azuread');
    new MsgraphProvider(s, 'msgraph');
    build(s);
    return app;
  }, 'scenario');
}

const IDS = {
  app: '66666666-0000-4000-8000-000000000001',
  appId: '66666666-0000-4000-8000-000000000002',
  sp: '66666666-0000-4000-8000-000000000003',
  segment: '66666666-0000-4000-8000-000000000004',
  group: '66666666-0000-4000-8000-000000000005',
  connector: '66666666-0000-4000-8000-000000000006',
  admins: '66666666-0000-4000-8000-000000000007',
  quick: '66666666-0000-4000-8000-000000000008',
  quickAppId: '66666666-0000-4000-8000-000000000009',
  quickSp: '66666666-0000-4000-8000-00000000000a',
};

async function withRun<T>(synthesized: any, options: Parameters<typeof ApplyRun.start>[1], body: (run: ApplyRun) => Promise<T>): Promise<T> {
  const run = await ApplyRun.start(synthesized, options);
  try {
    await run.init();
    return await body(run);
  } finally {
    await run.close();
  }
}

describe('first-deploy failures at apply, with the real msgraph provider against the Graph emulator', () => {
  test('adopting a tenant: the plan imports and replaces nothing; the first apply succeeds though the adopted group has connectors; the next plan is empty', async () => {
    const seed = {
      applications: [
        {
          id: IDS.app,
          appId: IDS.appId,
          displayName: 'Legacy servers',
          applicationTemplateId: '8adf8e6e-67b2-4cf2-a259-e3dc5476c621',
          tags: ['IsAccessibleViaZTNAClient', 'HideApp', 'PrivateAccessNonWebApplication'],
          onPremisesPublishing: { applicationType: 'nonwebapp', isAccessibleViaZTNAClient: true },
          segments: [{ id: IDS.segment, destinationHost: '10.40.0.4', destinationType: 'ip', ports: ['22-22'], protocol: 'tcp' }],
          connectorGroupId: IDS.group,
        },
      ],
      servicePrincipals: [{ id: IDS.sp, appId: IDS.appId, displayName: 'Legacy servers', appRoles: [{ id: '18d14569-c3bd-439b-9a66-3a2aee01d14f' }] }],
      connectorGroups: [{ id: IDS.group, name: 'Legacy connectors', region: 'eur' }],
      connectors: [{ id: IDS.connector, machineName: 'legacy-1', status: 'active', connectorGroupId: IDS.group }],
      groups: [{ id: IDS.admins, displayName: 'Admins' }],
    };
    const tf = stackOf((s) => {
      const group = new ConnectorGroup(s, 'Connectors', { name: 'Legacy connectors', region: ConnectorGroupRegion.EUROPE, adopt: { connectorGroupId: IDS.group } });
      new PrivateAccessApplication(s, 'Legacy', {
        displayName: 'Legacy servers',
        connectorGroup: group,
        segments: [{ destination: Destination.ipAddress('10.40.0.4'), ports: [Port.SSH] }],
        principals: [Principal.group('Admins')],
        adopt: {
          applicationObjectId: IDS.app,
          servicePrincipalObjectId: IDS.sp,
          segments: [{ destination: Destination.ipAddress('10.40.0.4'), protocol: Protocol.TCP, segmentId: IDS.segment }],
        },
      });
    });
    await withRun(tf, { seed }, async (run) => {
      const plan = await run.plan();
      expect(plan.importing.sort()).toEqual([expect.stringMatching(/^msgraph_resource\.Connectors_/), expect.stringMatching(/^msgraph_resource\.Legacy_Segment-/)]);
      expect(plan.resourceChanges.filter((c) => c.change.actions.includes('delete')).map((c) => c.address)).toEqual([]);
      await run.apply();
      expect((await run.plan()).resourceChanges.map((c) => `${c.address}: ${c.change.actions}`)).toEqual([]);
      const tenant = run.emulator.snapshot();
      expect(tenant.connectorGroups).toEqual(seed.connectorGroups);
      expect((tenant.applications[0] as any).segments).toEqual([expect.objectContaining({ id: IDS.segment, destinationHost: '10.40.0.4', ports: ['22-22'] })]);
      // No region was sent to the group that has a connector.
      expect(run.emulator.requests.filter((r) => r.path.endsWith(IDS.group) && r.method === 'PATCH').map((r) => r.body)).toEqual([{ name: 'Legacy connectors' }]);
    });
  });

  test('an app-only sign-in fails the plan of a new connector group before anything is created', async () => {
    const tf = stackOf((s) => new ConnectorGroup(s, 'Connectors', { name: 'Pipeline connectors' }));
    await withRun(tf, { identity: 'app' }, async (run) => {
      const plan = await run.engine(['plan', '-input=false', '-no-color']);
      expect(plan.code).not.toBe(0);
      expect(plan.output).toMatch(/RequiresDelegatedSignIn/);
      expect(plan.output).toMatch(/only valid with delegated authentication flow/);
      expect(run.emulator.requests.filter((r) => r.method === 'POST')).toEqual([]);
    });
  });

  test("QuickAccessApplication.fromExisting without DNS suffixes leaves the tenant's Private DNS on", async () => {
    const seed = {
      applications: [
        {
          id: IDS.quick,
          appId: IDS.quickAppId,
          displayName: 'Quick Access',
          tags: ['HideApp', 'NetworkAccessQuickAccessApplication'],
          onPremisesPublishing: { applicationType: 'quickaccessapp', isAccessibleViaZTNAClient: true, isDnsResolutionEnabled: true },
          segments: [{ id: IDS.segment, destinationHost: 'corp.contoso.com', destinationType: 'dnsSuffix', ports: [], protocol: '0' }],
        },
      ],
      servicePrincipals: [{ id: IDS.quickSp, appId: IDS.quickAppId, displayName: 'Quick Access', tags: ['HideApp', 'NetworkAccessQuickAccessApplication'] }],
      connectorGroups: [{ id: IDS.group, name: 'QA connectors', region: 'eur' }],
    };
    const tf = stackOf((s) => {
      QuickAccessApplication.fromExisting(s, 'QuickAccess', {
        connectorGroup: ConnectorGroup.fromConnectorGroupId(s, 'Connectors', IDS.group),
        segments: [{ destination: Destination.cidr('10.50.0.0/16'), ports: [Port.tcpRange(1, 65535)] }],
      });
    });
    await withRun(tf, { seed }, async (run) => {
      await run.apply();
      expect((await run.plan()).resourceChanges).toEqual([]);
      const app: any = run.emulator.snapshot().applications.find((a: any) => a.id === IDS.quick);
      expect(app.onPremisesPublishing.isDnsResolutionEnabled).toBe(true);
      expect(app.segments.map((x: any) => x.destinationHost).sort()).toEqual(['10.50.0.0/16', 'corp.contoso.com']);
    });
  });

  test('the connector lookup of a host takes the active connector, not a stale one of the same machine name', async () => {
    const tf = stackOf((s) => {
      const lookup = new DataMsgraphResource(s, 'Connector', { url: 'onPremisesPublishingProfiles/applicationProxy/connectors', apiVersion: 'beta', responseExportValues: { id: connectorQuery('paconn-1') } });
      new TerraformOutput(s, 'connector', { value: lookup.output.lookup('id') });
    });
    const seed = {
      connectors: [
        { id: '77777777-0000-4000-8000-000000000001', machineName: 'PACONN-1', status: 'inactive' },
        { id: '77777777-0000-4000-8000-000000000002', machineName: 'paconn-1.corp.contoso.com', status: 'active' },
        { id: '77777777-0000-4000-8000-000000000003', machineName: 'paconn-10', status: 'active' },
      ],
    };
    await withRun(tf, { seed }, async (run) => {
      await run.apply();
      const out = await run.engine(['output', '-raw', 'connector']);
      expect(out.output.trim()).toBe('77777777-0000-4000-8000-000000000002');
    });
  });
});

describe('entra-private-access emulate, with the real engine and msgraph provider', () => {
  test('applies a stack initialised outside it, records the requests and writes the tenant', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = require('fs') as typeof import('fs');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const path = require('path') as typeof import('path');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { main } = require('../../lib/cli') as typeof import('../../lib/cli');
    const tf = stackOf((s) => new ConnectorGroup(s, 'Connectors', { name: 'CLI connectors', region: ConnectorGroupRegion.EUROPE }));
    // The harness prepares the folder and runs init; the CLI then runs apply against its own emulator.
    await withRun(tf, {}, async (run) => {
      const tools = applyTools();
      const saved = process.env.TF_CLI_CONFIG_FILE;
      process.env.TF_CLI_CONFIG_FILE = tools.cliConfig;
      const log: string[] = [];
      let code: number;
      try {
        code = await main(
          ['emulate', '--record', path.join(run.dir, 'requests.json'), '--state', path.join(run.dir, 'tenant.json'), '--', tools.engine.path, `-chdir=${run.dir}`, 'apply', '-auto-approve', '-input=false', '-no-color'],
          (m) => log.push(m),
          () => undefined,
        );
      } finally {
        if (saved === undefined) {
          delete process.env.TF_CLI_CONFIG_FILE;
        } else {
          process.env.TF_CLI_CONFIG_FILE = saved;
        }
      }
      expect(log.join('\n')).toMatch(/Graph emulator on http:\/\/127\.0\.0\.1:\d+/);
      expect(code).toBe(0);
      const tenant = JSON.parse(fs.readFileSync(path.join(run.dir, 'tenant.json'), 'utf8'));
      expect(tenant.connectorGroups.map((g: any) => [g.name, g.region])).toEqual([['CLI connectors', 'eur']]);
      const requests = JSON.parse(fs.readFileSync(path.join(run.dir, 'requests.json'), 'utf8'));
      expect(requests).toEqual(expect.arrayContaining([expect.objectContaining({ method: 'POST', path: 'onPremisesPublishingProfiles/applicationProxy/connectorGroups', body: { name: 'CLI connectors', region: 'eur' }, identity: 'user', status: 201 })]));
    });
  });
});
