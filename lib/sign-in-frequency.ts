import { ConditionalAccessPolicySessionControls } from '@cdktf/provider-azuread/lib/conditional-access-policy';
import { PrivateAccessError } from './errors';
import { q } from './private/errors';

/**
 * How often users must sign in again to keep using the apps.
 *
 * @see https://learn.microsoft.com/entra/identity/conditional-access/concept-session-lifetime
 */
export class SignInFrequency {
  /**
   * Every `hours` hours.
   *
   * @param hours from 1 to 23
   */
  public static hours(hours: number): SignInFrequency {
    SignInFrequency.check(hours, 1, 23, 'hours', 'use SignInFrequency.days() for a day or more');
    return new SignInFrequency({ signInFrequency: hours, signInFrequencyPeriod: 'hours', signInFrequencyInterval: 'timeBased' }, `${hours}h`);
  }

  /**
   * Every `days` days.
   *
   * @param days from 1 to 365
   */
  public static days(days: number): SignInFrequency {
    SignInFrequency.check(days, 1, 365, 'days', 'a sign-in frequency is at most 365 days');
    return new SignInFrequency({ signInFrequency: days, signInFrequencyPeriod: 'days', signInFrequencyInterval: 'timeBased' }, `${days}d`);
  }

  /** At every connection: the strictest setting. */
  public static everyTime(): SignInFrequency {
    return new SignInFrequency(
      { signInFrequencyInterval: 'everyTime', signInFrequencyAuthenticationType: 'primaryAndSecondaryAuthentication' },
      'every time',
    );
  }

  private static check(value: number, min: number, max: number, unit: string, hint: string): void {
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new PrivateAccessError(`sign-in frequency of ${q(value)} ${unit} is outside ${min}-${max}; ${hint}`);
    }
  }

  private constructor(
    /** The session controls that render the frequency. */
    public readonly sessionControls: ConditionalAccessPolicySessionControls,
    private readonly text: string,
  ) {}

  /** The frequency as text: `4h`, `1d`, `every time`. */
  public toString(): string {
    return this.text;
  }
}
