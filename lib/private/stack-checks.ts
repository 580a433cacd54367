import { IAspect, TerraformDataSource, TerraformProvider, TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import type { PrivateAccessRule } from '../checks/rule';
import { ensureStackAnalysis, markValidated, registerRulePackForAnalysis } from './stack-analysis';

/**
 * What every stack that holds a construct of this library gets, once:
 *
 * - its configuration is analysed when it synthesizes (`stack-analysis.ts`): the rule pack, the
 *   access tests and the review read the access model of what Terraform applies;
 * - its validation marks the synthesis as validated, so that the analysis enforces what it finds;
 * - a stack without the providers its resources need gets a message that names the provider class
 *   and where to import it from.
 */

/** Registers a rule pack (called by its constructor). */
export function registerRulePack(pack: IAspect & { readonly rules: PrivateAccessRule[] }): void {
  registerRulePackForAnalysis(pack);
}

const PROVIDERS: Record<string, string> = {
  msgraph: "new MsgraphProvider(stack, 'msgraph'), imported from 'cdktf-entra-private-access'",
  azuread: "new AzureadProvider(stack, 'azuread'), imported from '@cdktf/provider-azuread/lib/provider'",
  azurerm: "new AzurermProvider(stack, 'azurerm', { features: [{}] }), imported from '@cdktf/provider-azurerm/lib/provider'",
};

const CHECKED_STACKS = new WeakSet<TerraformStack>();

/** The engine versions the synthesized stacks need (`import` and `check` blocks came with 1.5). */
export const REQUIRED_TERRAFORM = '>= 1.5.0';

/** Adds the stack checks and the analysis to the stack of `scope`, once. */
export function ensureStackChecks(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  if (CHECKED_STACKS.has(stack)) {
    return;
  }
  CHECKED_STACKS.add(stack);
  ensureStackAnalysis(stack);
  // `import` blocks (adoption) and `check` blocks (drift) need Terraform 1.5: say so, so that an
  // older engine stops with its own clear message rather than a parse error.
  stack.addOverride('terraform.required_version', REQUIRED_TERRAFORM);
  stack.node.addValidation({
    validate: () => {
      markValidated(stack);
      return missingProviders(stack);
    },
  });
}

function missingProviders(stack: TerraformStack): string[] {
  const used = new Set<string>();
  const present = new Set<string>();
  for (const node of stack.node.findAll()) {
    if (TerraformProvider.isTerraformProvider(node)) {
      present.add(node.terraformGeneratorMetadata?.providerName ?? '');
    } else if (TerraformResource.isTerraformResource(node) || TerraformDataSource.isTerraformDataSource(node)) {
      used.add(node.terraformGeneratorMetadata?.providerName ?? '');
    }
  }
  return [...used]
    .filter((name) => PROVIDERS[name] !== undefined && !present.has(name))
    .sort()
    .map((name) => `the stack uses ${name} resources but has no ${name} provider: add ${PROVIDERS[name]}`);
}
