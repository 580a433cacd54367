/**
 * The synthetic estate of `npm run bench`, built two ways: with the library's constructs (checks,
 * validations and the access review on) and with the generated provider classes directly, as a
 * team writing raw cdktf would. Both make the same Terraform resources.
 */
import { AppRoleAssignment } from '@cdktf/provider-azuread/lib/app-role-assignment';
import { ApplicationFromTemplate } from '@cdktf/provider-azuread/lib/application-from-template';
import { ConditionalAccessPolicy } from '@cdktf/provider-azuread/lib/conditional-access-policy';
import { DataAzureadApplication } from '@cdktf/provider-azuread/lib/data-azuread-application';
import { DataAzureadGroup } from '@cdktf/provider-azuread/lib/data-azuread-group';
import { DataAzureadUser } from '@cdktf/provider-azuread/lib/data-azuread-user';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { App, Aspects, LocalBackend, TerraformStack } from 'cdktf';
import * as lib from '../lib';
import { DataMsgraphResource } from '../lib/gen/providers/msgraph/data-msgraph-resource';
import { MsgraphProvider } from '../lib/gen/providers/msgraph/provider';
import { Resource } from '../lib/gen/providers/msgraph/resource';
import { ResourceAction } from '../lib/gen/providers/msgraph/resource-action';
import { UpdateResource } from '../lib/gen/providers/msgraph/update-resource';

/** The size of an estate. */
export interface EstateSize {
  readonly apps: number;
  readonly segments: number;
}

const APPS_PER_CONNECTOR_GROUP = 10;
const BREAK_GLASS = '00000000-0000-0000-0000-0000000000b1';

function guid(kind: number, i: number): string {
  return `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

/** App i owns 10.x.y.0/24; its j-th segment: addresses, networks, ranges and host names, TCP and UDP. */
function segment(i: number, j: number): { host: string; type: string; ports: Array<[number, number]>; protocol: 'tcp' | 'udp' | 'tcp,udp' } {
  const net = 0x0a000000 + i * 256;
  const ip = (k: number) => [net >>> 24, (net >>> 16) & 255, (net >>> 8) & 255, k].join('.');
  const [ports, protocol]: [Array<[number, number]>, 'tcp' | 'udp' | 'tcp,udp'] =
    j % 5 === 0 ? [[[22, 22], [443, 443]], 'tcp'] : j % 7 === 0 ? [[[53, 53]], 'tcp,udp'] : j % 9 === 0 ? [[[161, 161]], 'udp'] : [[[22, 22]], 'tcp'];
  switch (j % 10) {
    case 6:
      return { host: `${ip(128 + 16 * ((j / 10) | 0))}/28`, type: 'ipRangeCidr', ports, protocol };
    case 7:
      return { host: `${ip(100 + j)}..${ip(101 + j)}`, type: 'ipRange', ports, protocol };
    case 8:
    case 9:
      return { host: `host-${j}.app-${i}.corp.contoso.com`, type: 'fqdn', ports, protocol };
    default:
      return { host: ip(j), type: 'ip', ports, protocol };
  }
}

function stack(app: App): TerraformStack {
  const s = new TerraformStack(app, 'estate');
  new AzureadProvider(s, 'azuread');
  new MsgraphProvider(s, 'msgraph');
  new LocalBackend(s, { path: 'terraform.estate.tfstate' });
  return s;
}

/** (a) The estate with the library's constructs, rule pack, validations and access review. */
export function buildWithLibrary(app: App, size: EstateSize): void {
  const s = stack(app);
  const admins = lib.Principal.groupId(guid(1, 0), 'platform-admins');
  const breakGlass = lib.Principal.userId(BREAK_GLASS, 'break-glass');
  const groups: lib.ConnectorGroup[] = [];
  for (let i = 0; i < size.apps; i++) {
    if (i % APPS_PER_CONNECTOR_GROUP === 0) {
      groups.push(new lib.ConnectorGroup(s, `Connectors${groups.length}`, { name: `Connectors ${groups.length}`, region: lib.ConnectorGroupRegion.EUROPE }));
    }
    const app = new lib.PrivateAccessApplication(s, `App${i}`, {
      displayName: `App ${i}`,
      connectorGroup: groups[groups.length - 1],
      principals: [admins, lib.Principal.groupId(guid(2, i), `app-${i}-users`)],
    });
    for (let j = 0; j < size.segments; j++) {
      const seg = segment(i, j);
      const factory = seg.protocol === 'tcp' ? lib.Port.tcpRange : seg.protocol === 'udp' ? lib.Port.udpRange : lib.Port.tcpUdpRange;
      app.addSegment({ destination: lib.Destination.parse(seg.host), ports: seg.ports.map(([from, to]) => factory(from, to)) });
    }
    new lib.PrivateAccessConditionalAccessPolicy(s, `Policy${i}`, {
      displayName: `App ${i}: MFA and compliant device`,
      applications: [app],
      requireCompliantDevice: true,
      excludePrincipals: [breakGlass],
    });
  }
  lib.PrivateAccessForwardingProfile.of(s);
  Aspects.of(s).add(new lib.PrivateAccessChecks());
  // Attached by the estate itself where the library can (later versions no longer attach it per app).
  (lib.AccessReview as { of?: (scope: TerraformStack) => unknown }).of?.(s);
}

/** (b) The same resources with the generated classes, as raw cdktf, with no validation. */
export function buildRaw(app: App, size: EstateSize): void {
  const s = stack(app);
  const retry = { errorMessageRegex: ['Request_ResourceNotFound', 'ResourceNotFound', 'InternalServerError', 'RESPONSE 500', 'RESPONSE 404'] };
  const segmentRetry = { errorMessageRegex: ['Invalid_AppSegments_Duplicate', 'host and port already exists', ...retry.errorMessageRegex] };
  // Principals by object ID are read at plan, their labels checked against the display name, as
  // the library writes them (data azuread_group / azuread_user by object_id, with a postcondition).
  const labelled = (label: string) => ({ postcondition: [{ condition: `\${self.display_name == ${JSON.stringify(label)}}`, errorMessage: `not named ${label}` }] });
  const groupRead = (id: string, label: string) => new DataAzureadGroup(s, `Group${id}`, { objectId: id, lifecycle: labelled(label) }).objectId;
  const admins = groupRead(guid(1, 0), 'platform-admins');
  const breakGlass = new DataAzureadUser(s, 'BreakGlass', { objectId: BREAK_GLASS, lifecycle: labelled('break-glass') }).objectId;
  let group: Resource | undefined;
  for (let i = 0; i < size.apps; i++) {
    if (i % APPS_PER_CONNECTOR_GROUP === 0) {
      const n = i / APPS_PER_CONNECTOR_GROUP;
      group = new Resource(s, `Connectors${n}`, {
        url: 'onPremisesPublishingProfiles/applicationProxy/connectorGroups',
        apiVersion: 'beta',
        body: { name: `Connectors ${n}`, region: 'eur' },
      });
    }
    const application = new ApplicationFromTemplate(s, `App${i}`, { templateId: '8adf8e6e-67b2-4cf2-a259-e3dc5476c621', displayName: `App ${i}` });
    const client = new DataAzureadApplication(s, `App${i}Application`, { objectId: application.applicationObjectId });
    const spReady = new DataMsgraphResource(s, `App${i}SpReady`, {
      url: `servicePrincipals/${application.servicePrincipalObjectId}`,
      responseExportValues: { appId: 'appId' },
      retry,
      timeouts: { read: '10m' },
    });
    const patch = new ResourceAction(s, `App${i}Settings`, {
      resourceUrl: `applications/${application.applicationObjectId}`,
      method: 'PATCH',
      apiVersion: 'beta',
      body: { onPremisesPublishing: { applicationType: 'nonwebapp', isAccessibleViaZTNAClient: true } },
      retry,
    });
    const read = new DataMsgraphResource(s, `App${i}SettingsRead`, {
      url: `applications/${application.applicationObjectId}`,
      apiVersion: 'beta',
      queryParameters: { $select: ['onPremisesPublishing'] },
      responseExportValues: { applicationType: 'onPremisesPublishing.applicationType', isAccessibleViaZTNAClient: 'onPremisesPublishing.isAccessibleViaZTNAClient' },
      retry,
      dependsOn: [patch],
    });
    const output = `data.msgraph_resource.${read.friendlyUniqueId}.output`;
    s.addOverride(`check.App${i}SettingsDrift`, {
      assert: [
        {
          condition: `\${lower(coalesce(${output}.applicationType, "")) == "nonwebapp" && coalesce(${output}.isAccessibleViaZTNAClient, false)}`,
          error_message: `Private Access app "App ${i}": onPremisesPublishing changed outside Terraform`,
        },
      ],
    });
    new ResourceAction(s, `App${i}ConnectorGroup`, {
      resourceUrl: `applications/${application.applicationObjectId}`,
      action: 'connectorGroup/$ref',
      method: 'PUT',
      apiVersion: 'beta',
      body: { '@odata.id': `https://graph.microsoft.com/beta/onPremisesPublishingProfiles/applicationproxy/connectorGroups/${group!.id}` },
      retry,
      dependsOn: [patch],
    });
    for (let j = 0; j < size.segments; j++) {
      const seg = segment(i, j);
      new Resource(s, `App${i}Segment${j}`, {
        url: `applications/${application.applicationObjectId}/onPremisesPublishing/segmentsConfiguration/microsoft.graph.ipSegmentConfiguration/applicationSegments`,
        apiVersion: 'beta',
        body: { destinationHost: seg.host, destinationType: seg.type, ports: seg.ports.map(([f, t]) => `${f}-${t}`), protocol: seg.protocol },
        retry: segmentRetry,
        timeouts: { create: '5m', update: '5m' },
        dependsOn: [patch],
      });
    }
    const principals = [admins, groupRead(guid(2, i), `app-${i}-users`)];
    principals.forEach((p, k) =>
      new AppRoleAssignment(s, `App${i}Assignment${k}`, {
        appRoleId: '18d14569-c3bd-439b-9a66-3a2aee01d14f',
        principalObjectId: p,
        resourceObjectId: application.servicePrincipalObjectId,
        dependsOn: [spReady],
      }),
    );
    new ConditionalAccessPolicy(s, `Policy${i}`, {
      displayName: `App ${i}: MFA and compliant device`,
      state: 'enabled',
      conditions: {
        clientAppTypes: ['all'],
        applications: { includedApplications: [client.clientId] },
        users: { includedGroups: principals, excludedUsers: [breakGlass] },
      },
      grantControls: { operator: 'AND', builtInControls: ['mfa', 'compliantDevice'] },
    });
  }
  const profile = new DataMsgraphResource(s, 'ForwardingProfileLookup', {
    url: 'networkAccess/forwardingProfiles',
    apiVersion: 'beta',
    responseExportValues: { id: "value[?trafficForwardingType=='private'] | [0].id" },
  });
  new UpdateResource(s, 'ForwardingProfile', {
    url: `networkAccess/forwardingProfiles/${profile.output.lookup('id')}`,
    apiVersion: 'beta',
    body: { state: 'enabled' },
  });
}
