import { Aspects, IAspect, TerraformDataSource, TerraformProvider, TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';

/**
 * Checks that make sure nothing in a stack goes unchecked or is reported in part: added once to
 * every stack that holds a construct of this library.
 *
 * - A rule pack added to the App (where cdktf never runs aspects: it runs them per stack) is run
 *   on the stack here, so `Aspects.of(app).add(new PrivateAccessChecks())` checks every stack as
 *   its author meant.
 * - Error findings of the rule pack become validation errors of their construct, so one synth
 *   lists them together with every other validation error (a failing access test no longer hides
 *   them), and `Testing.synth(stack, true)` and `PlanReview.synthSnapshot` fail on them as `cdktf synth` does.
 * - A stack without the providers its resources need gets a message that names the provider class
 *   and where to import it from.
 */

/** The rule packs made, so that those among the App's aspects are found. */
const RULE_PACKS = new WeakSet<IAspect>();

/** Registers a rule pack (called by its constructor). */
export function registerRulePack(pack: IAspect): void {
  RULE_PACKS.add(pack);
}

const PROVIDERS: Record<string, string> = {
  msgraph: "new MsgraphProvider(stack, 'msgraph'), imported from 'cdktf-entra-private-access'",
  azuread: "new AzureadProvider(stack, 'azuread'), imported from '@cdktf/provider-azuread/lib/provider'",
  azurerm: "new AzurermProvider(stack, 'azurerm', { features: [{}] }), imported from '@cdktf/provider-azurerm/lib/provider'",
};

const CHECKED_STACKS = new WeakSet<TerraformStack>();

/** The engine versions the synthesized stacks need (`import` and `check` blocks came with 1.5). */
export const REQUIRED_TERRAFORM = '>= 1.5.0';
const ERROR_VALIDATED = new WeakSet<IConstruct>();

/** Adds the stack checks to the stack of `scope`, once. */
export function ensureStackChecks(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  if (CHECKED_STACKS.has(stack)) {
    return;
  }
  CHECKED_STACKS.add(stack);
  // `import` blocks (adoption) and `check` blocks (drift) need Terraform 1.5: say so, so that an
  // older engine stops with its own clear message rather than a parse error.
  stack.addOverride('terraform.required_version', REQUIRED_TERRAFORM);
  stack.node.addValidation({
    validate: () => {
      runPacksFromAbove(stack);
      return missingProviders(stack);
    },
  });
}

/**
 * Makes the construct's own error findings fail validation: called when the rule pack records an
 * error finding on it. `errors` is read when the validation runs, so a finding that is gone by then
 * (fixed, or suppressed) is not reported.
 */
export function validateErrorFindings(scope: IConstruct, errors: () => string[]): void {
  if (ERROR_VALIDATED.has(scope)) {
    return;
  }
  ERROR_VALIDATED.add(scope);
  scope.node.addValidation({ validate: errors });
}

/**
 * Runs on the stack every rule pack added above it (to the App), as cdktf runs the stack's own
 * aspects: on every synthesis, before the stack's constructs are validated.
 */
function runPacksFromAbove(stack: TerraformStack): void {
  const above: IAspect[] = stack.node.scopes.slice(0, -1).flatMap((c) => Aspects.of(c).all);
  for (const pack of above.filter((a) => RULE_PACKS.has(a))) {
    for (const node of stack.node.findAll()) {
      pack.visit(node);
    }
  }
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
