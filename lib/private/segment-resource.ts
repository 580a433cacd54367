import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { Resource } from '../gen/providers/msgraph/resource';
import { DUPLICATE_SEGMENT_RETRY_PATTERNS, GRAPH_BETA, REPLICATION_RETRY_PATTERNS, SEGMENT_RETRY_TIMEOUT, segmentsPath } from './graph';

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
    // be destroyed first; replication errors of a new app are retried too.
    retry: { errorMessageRegex: [...DUPLICATE_SEGMENT_RETRY_PATTERNS, ...REPLICATION_RETRY_PATTERNS] },
    timeouts: { create: SEGMENT_RETRY_TIMEOUT, update: SEGMENT_RETRY_TIMEOUT },
    dependsOn,
  });
}
