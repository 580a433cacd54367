import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { Resource } from '../gen/providers/msgraph/resource';
import { DUPLICATE_SEGMENT_RETRY_PATTERNS, GRAPH_BETA, RESOURCE_RETRY_PATTERNS, SEGMENT_DELETE_TIMEOUT, SEGMENT_RETRY_TIMEOUT, segmentsPath } from './graph';

/**
 * The `msgraph_resource` of one segment of an app (an `ipApplicationSegment` or a DNS suffix): the
 * one place that knows the collection, the API version and how creates and updates retry.
 */
export function segmentResource(
  scope: Construct,
  applicationObjectId: string,
  body: { [key: string]: unknown },
  dependsOn?: ITerraformDependable[],
): Resource {
  return new Resource(scope, 'Resource', {
    url: segmentsPath(applicationObjectId),
    apiVersion: GRAPH_BETA,
    body,
    // See DUPLICATE_SEGMENT_RETRY_PATTERNS: a bounded retry lets a replaced, overlapping segment
    // be destroyed first; replication errors of a new app are retried too, but never a 404, which
    // the delete waits for (see RESOURCE_RETRY_PATTERNS).
    retry: { errorMessageRegex: [...DUPLICATE_SEGMENT_RETRY_PATTERNS, ...RESOURCE_RETRY_PATTERNS] },
    timeouts: { create: SEGMENT_RETRY_TIMEOUT, update: SEGMENT_RETRY_TIMEOUT, delete: SEGMENT_DELETE_TIMEOUT },
    dependsOn,
  });
}
