import { AnnotationMetadataEntryType } from 'cdktf';
import { IConstruct } from 'constructs';

/** The annotation levels the library uses. */
export type AnnotationLevel = 'info' | 'warning' | 'error';

const TYPES: Record<AnnotationLevel, string> = {
  info: AnnotationMetadataEntryType.INFO,
  warning: AnnotationMetadataEntryType.WARN,
  error: AnnotationMetadataEntryType.ERROR,
};

/**
 * Adds a cdktf annotation to `scope` unless the same one is already there: validations and
 * aspects run again on every synthesis of the same tree. No stack trace is recorded, so the
 * manifest holds no path of the machine that synthesized it.
 */
export function annotate(scope: IConstruct, level: AnnotationLevel, message: string): void {
  const type = TYPES[level];
  if (!scope.node.metadata.some((m) => m.type === type && m.data === message)) {
    scope.node.addMetadata(type, message, { stackTrace: false });
  }
}
