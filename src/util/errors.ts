/**
 * An error caused by the user's input (a design, a program, a flag), printed as its message alone,
 * never with a stack trace. `location` is `file:line[:col]` when the problem has one.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly location?: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }

  /** `design.ts:42:7: error: message`, the format compilers use, so editors can jump to it. */
  format(): string {
    return this.location ? `${this.location}: error: ${this.message}` : `error: ${this.message}`;
  }
}
