/**
 * A plan's JSON (`terraform show -json plan.tfplan`) to the access model, through the stack reader.
 *
 * The plan carries the configuration it was made from (`configuration`): for a JSON configuration
 * such as cdktf writes, each attribute's `constant_value` is the JSON as written, templates and
 * references included, which is what the stack reader reads. Where an attribute refers only to
 * input variables and the plan knows its value, the planned value is taken instead: that is what a
 * plan knows that the configuration does not. References to resources and data sources are kept
 * as written, so a principal read by name stays that principal, not its object ID. Import blocks
 * come from the planned changes (`change.importing`).
 */
import { AccessModel } from '../model/access-model';
import { referencesInText, stringsOf } from './expressions';
import { readStackModel } from './stack-reader';

/** Whether `json` looks like the JSON of a plan (not a configuration or a state). */
export function isPlanJson(json: any): boolean {
  return typeof json === 'object' && json !== null && typeof json.format_version === 'string' && ('planned_values' in json || 'resource_changes' in json);
}

/** Reads the Private Access configuration a plan applies. */
export function readPlanModel(plan: any, name: string): AccessModel {
  return readStackModel(configurationOf(plan), { name, origin: 'plan' });
}

/** The configuration of a plan, in the shape of `cdk.tf.json`. */
export function configurationOf(plan: any): any {
  if (!isPlanJson(plan)) {
    throw new Error('this is not the JSON of a Terraform plan: make it with `terraform show -json <plan file>`');
  }
  const major = Number(String(plan.format_version).split('.')[0]);
  if (major !== 1) {
    throw new Error(`the plan's JSON is format ${plan.format_version}; this version reads format 1.x (Terraform 1.x and OpenTofu)`);
  }
  const planned = new Map<string, { values: any; unknown: any }>();
  for (const r of plan.planned_values?.root_module?.resources ?? []) {
    planned.set(r.address, { values: r.values ?? {}, unknown: {} });
  }
  for (const c of plan.resource_changes ?? []) {
    const entry = planned.get(c.address);
    if (entry) {
      entry.unknown = c.change?.after_unknown ?? {};
    }
  }
  const out: any = { resource: {}, data: {} };
  for (const r of plan.configuration?.root_module?.resources ?? []) {
    const body = expressionsToJson(r.expressions ?? {});
    const values = planned.get(r.address);
    if (values && r.mode === 'managed') {
      for (const [attribute, template] of Object.entries(body)) {
        const known = values.values[attribute];
        if (known !== undefined && known !== null && !hasUnknown(values.unknown[attribute]) && refersOnlyToVariables(template)) {
          body[attribute] = known;
        }
      }
    }
    const kind = r.mode === 'data' ? 'data' : 'resource';
    out[kind][r.type] = { ...(out[kind][r.type] ?? {}), [r.name]: body };
  }
  const imports = (plan.resource_changes ?? [])
    .filter((c: any) => typeof c.change?.importing?.id === 'string' && !String(c.address).startsWith('module.'))
    .map((c: any) => ({ to: c.address, id: c.change.importing.id }));
  if (imports.length > 0) {
    out.import = imports;
  }
  return out;
}

/** The configuration's expressions as the JSON they were written as (blocks as lists of objects). */
function expressionsToJson(expressions: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [key, e] of Object.entries(expressions)) {
    if (Array.isArray(e)) {
      out[key] = e.map((block) => expressionsToJson(block ?? {}));
    } else if (e && typeof e === 'object' && 'constant_value' in e) {
      out[key] = e.constant_value;
    } else if (e && typeof e === 'object' && Array.isArray(e.references)) {
      // An HCL expression (not JSON): only its references are known; keep the most specific.
      const best = [...e.references].sort((a: string, b: string) => b.length - a.length)[0];
      out[key] = best === undefined ? null : `\${${best}}`;
    } else if (e && typeof e === 'object') {
      out[key] = expressionsToJson(e);
    }
  }
  return out;
}

function hasUnknown(marker: unknown): boolean {
  if (marker === true) {
    return true;
  }
  if (Array.isArray(marker)) {
    return marker.some(hasUnknown);
  }
  if (marker && typeof marker === 'object') {
    return Object.values(marker).some(hasUnknown);
  }
  return false;
}

/** Whether every reference in the value's templates is to an input variable (or there are none but some). */
function refersOnlyToVariables(value: unknown): boolean {
  const refs = [...stringsOf(value, new Set())].flatMap(referencesInText);
  return refs.length > 0 && refs.every((r) => r.root.startsWith('var.'));
}
