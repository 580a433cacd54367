/**
 * A Private Access estate of a given size, synthesized with the library into a folder, for the
 * tests of the pull request comment and of the pipelines: its access-review.json (and .md) and
 * cdk.tf.json are the real files `cdktf synth` writes.
 */
import * as path from 'path';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { App, TerraformStack } from 'cdktf';
import {
  AccessReview,
  ConnectorGroup,
  ConnectorGroupRegion,
  Destination,
  MsgraphProvider,
  Port,
  Principal,
  PrivateAccessApplication,
  PrivateAccessConditionalAccessPolicy,
} from '../../lib';

/** The size and a variation of the estate. */
export interface EstateOptions {
  readonly stack?: string;
  readonly apps: number;
  readonly segmentsPerApp: number;
  readonly groupsPerApp: number;
  /** Added to the third octet of every address: another value moves every segment (a big delta). */
  readonly shift?: number;
  /** One enforced Conditional Access policy requiring MFA on every app. */
  readonly mfa?: boolean;
}

/** The files of a synthesized estate. */
export interface Estate {
  readonly review: string;
  readonly reviewMarkdown: string;
  readonly cdkTfJson: string;
}

/** Synthesizes the estate into `outdir` (cdktf's output folder) and returns its files. */
export function synthesizeEstate(outdir: string, options: EstateOptions): Estate {
  const stackName = options.stack ?? 'private-access';
  const app = new App({ outdir });
  const stack = new TerraformStack(app, stackName);
  new AzureadProvider(stack, 'azuread');
  new MsgraphProvider(stack, 'msgraph');
  const connectors = new ConnectorGroup(stack, 'Connectors', { name: 'Datacenter connectors', region: ConnectorGroupRegion.EUROPE });
  const apps: PrivateAccessApplication[] = [];
  for (let a = 0; a < options.apps; a++) {
    const segments = Array.from({ length: options.segmentsPerApp }, (_, s) => ({
      destination: Destination.ipAddress(`10.${a + 1}.${(s + (options.shift ?? 0)) % 250}.${(s % 200) + 4}`),
      ports: [Port.SSH, Port.tcp(8443)],
    }));
    apps.push(new PrivateAccessApplication(stack, `App${a}`, {
      displayName: `Datacenter ${a} servers`,
      connectorGroup: connectors,
      segments,
      principals: Array.from({ length: options.groupsPerApp }, (_, g) => Principal.group(`Datacenter ${a} operators ${g}`)),
    }));
  }
  if (options.mfa) {
    new PrivateAccessConditionalAccessPolicy(stack, 'Mfa', { displayName: 'Datacenters: MFA', applications: apps });
  }
  AccessReview.of(stack);
  app.synth();
  const dir = path.join(outdir, 'stacks', stackName);
  return {
    review: path.join(dir, 'access-review.json'),
    reviewMarkdown: path.join(dir, 'access-review.md'),
    cdkTfJson: path.join(dir, 'cdk.tf.json'),
  };
}

/**
 * A coloured Terraform plan of `resources` resources, as `terraform plan` prints it without
 * `-no-color`, ending with its summary line. Lines are padded to `width` characters.
 */
export function colouredPlan(resources: number, width = 120): string {
  const lines = ['Terraform used the selected providers to generate the following execution plan.', ''];
  for (let r = 0; r < resources; r++) {
    lines.push(`  \u001b[1m# msgraph_resource.App${r}_Segment\u001b[0m will be created`);
    lines.push(`\u001b[32m  +\u001b[0m resource "msgraph_resource" "App${r}_Segment" {`);
    lines.push(`      \u001b[32m+\u001b[0m body = { destinationHost = "10.${r % 250}.0.4" } ${'·'.repeat(Math.max(0, width - 60))}`);
    lines.push('    }');
  }
  lines.push('', `\u001b[1mPlan:\u001b[0m ${resources} to add, 0 to change, 0 to destroy.`);
  return `${lines.join('\n')}\n`;
}
