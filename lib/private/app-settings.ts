import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { DataMsgraphResource } from '../gen/providers/msgraph/data-msgraph-resource';
import { ResourceAction } from '../gen/providers/msgraph/resource-action';
import { GRAPH_BETA, REPLICATION_RETRY_PATTERNS, REPLICATION_TIMEOUT, applicationPath } from './graph';
import { logicalIdUnder } from './logical-ids';
import { tfLiteral } from './text';

/** The `onPremisesPublishing` settings that make an application a Private Access or Quick Access app. */
export interface AppSettings {
  /** The PATCH body (`{ onPremisesPublishing: … }`); may hold lazy values. */
  readonly body: { [key: string]: unknown };
  /** The fields to read back: name → path in the application (`onPremisesPublishing.applicationType`). */
  readonly read: { [name: string]: string };
  /** The Terraform condition that holds while the tenant has the settings, given the read's `output`. */
  readonly condition: (output: string) => string;
  /** What the settings are, for the drift message (`applicationType nonwebapp with …`). */
  readonly expected: string;
}

/**
 * The PATCH of an app's `onPremisesPublishing` settings, with a read and a check block for drift.
 *
 * Graph stores applicationType as "NonWebApp" and msgraph_update_resource compares what it reads
 * back case-sensitively, which would show a change on every plan. An action PATCHes the settings
 * on create (and whenever the body changes) and never diffs; a read and a check block detect real
 * drift, as a warning that names the app and the setting.
 */
export function appSettings(app: Construct, displayName: string, applicationObjectId: string, settings: AppSettings): ResourceAction {
  const action = new ResourceAction(app, 'PrivateAccessSettings', {
    resourceUrl: applicationPath(applicationObjectId),
    method: 'PATCH',
    apiVersion: GRAPH_BETA,
    body: settings.body,
    // The retry has no maximum of its own: bounded by the timeout.
    retry: { errorMessageRegex: [...REPLICATION_RETRY_PATTERNS] },
    timeouts: { create: REPLICATION_TIMEOUT },
  });
  const read = new DataMsgraphResource(app, 'PrivateAccessSettingsRead', {
    url: applicationPath(applicationObjectId),
    apiVersion: GRAPH_BETA,
    queryParameters: { $select: ['onPremisesPublishing'] },
    responseExportValues: settings.read,
    retry: { errorMessageRegex: [...REPLICATION_RETRY_PATTERNS] },
    dependsOn: [action],
  });
  const output = `data.${DataMsgraphResource.tfResourceType}.${read.friendlyUniqueId}.output`;
  TerraformStack.of(app).addOverride(`check.${logicalIdUnder(app, ['PrivateAccessSettingsDrift'])}`, {
    assert: [
      {
        condition: `\${${settings.condition(output)}}`,
        error_message: tfLiteral(
          `Private Access app "${displayName}": onPremisesPublishing in the tenant is no longer ${settings.expected} (changed outside Terraform). Restore it with: terraform apply -replace=${ResourceAction.tfResourceType}.${action.friendlyUniqueId}`,
        ),
      },
    ],
  });
  return action;
}
