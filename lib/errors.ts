/**
 * The error this library throws for input it cannot accept.
 *
 * Every message says what is wrong, shows the offending value and, where one exists, how to fix
 * it. Errors raised while a construct is being built are prefixed with the construct's path, so
 * that `cdktf synth` points at the line of the program to change:
 *
 * `ssh-admin/SshServers: destination "10.1.2.3/24" has host bits set; did you mean "10.1.2.0/24"?`
 *
 * Catch it by type to tell bad input apart from bugs: `err instanceof PrivateAccessError`.
 */
export class PrivateAccessError extends Error {
  /**
   * The construct path the error was raised for, when it was raised inside a construct.
   */
  public readonly constructPath?: string;

  /**
   * @param message what is wrong, with the value and the fix
   * @param constructPath the path of the construct the error concerns, if any; it prefixes the message
   */
  constructor(message: string, constructPath?: string) {
    super(constructPath ? `${constructPath}: ${message}` : message);
    this.name = 'PrivateAccessError';
    this.constructPath = constructPath;
    Object.setPrototypeOf(this, PrivateAccessError.prototype);
  }

  /** The message without the construct path prefix. */
  public get reason(): string {
    return this.constructPath ? this.message.slice(this.constructPath.length + 2) : this.message;
  }
}
