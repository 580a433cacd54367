/** The brand of the library's errors, so that they are recognised across copies of the package. */
const BRAND = Symbol.for('cdktf-entra-private-access.PrivateAccessError');

/**
 * The error this library throws for input it cannot accept. Not part of the public API (a
 * subclass of `Error` cannot cross into other jsii languages): tell it apart with
 * `PrivateAccessErrors.isPrivateAccessError(err)`.
 *
 * Every message says what is wrong, shows the offending value and, where one exists, how to fix
 * it. Errors raised while a construct is being built are prefixed with the construct's path, so
 * that `cdktf synth` points at the line of the program to change:
 *
 * `ssh-admin/SshServers: destination "10.1.2.3/24" has host bits set; did you mean "10.1.2.0/24"?`
 */
export class PrivateAccessError extends Error {
  /** The construct path the error was raised for, when it was raised inside a construct. */
  public readonly constructPath?: string;

  /**
   * @param message what is wrong, with the value and the fix
   * @param constructPath the path of the construct the error concerns, if any; it prefixes the message
   */
  constructor(message: string, constructPath?: string) {
    super(constructPath ? `${constructPath}: ${message}` : message);
    this.name = 'PrivateAccessError';
    this.constructPath = constructPath;
    Object.defineProperty(this, BRAND, { value: true });
    Object.setPrototypeOf(this, PrivateAccessError.prototype);
  }
}

/**
 * Tells the library's input errors apart from bugs, in the style of aws-cdk's `Errors`: the
 * library throws an error of its own for input it cannot accept (a malformed destination, a name
 * Entra would not store, a missing connector group), with the construct path and the fix in its
 * message.
 *
 * @example
 * try {
 *   app.addSegment({ destination: Destination.cidr('10.1.2.3/24'), ports: [Port.SSH] });
 * } catch (err) {
 *   if (!PrivateAccessErrors.isPrivateAccessError(err)) throw err;
 *   console.error(err.message);
 * }
 */
export class PrivateAccessErrors {
  /**
   * Whether `thrown` is an input error of this library.
   *
   * @param thrown anything thrown
   */
  public static isPrivateAccessError(thrown: any): boolean {
    return typeof thrown === 'object' && thrown !== null && thrown[BRAND] === true;
  }

  /**
   * The path of the construct an input error of this library was raised for, if any.
   *
   * @param thrown anything thrown
   */
  public static constructPathOf(thrown: any): string | undefined {
    return PrivateAccessErrors.isPrivateAccessError(thrown) ? (thrown as PrivateAccessError).constructPath : undefined;
  }

  private constructor() {}
}
