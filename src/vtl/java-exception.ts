/**
 * An exception a Java method throws (StringIndexOutOfBoundsException, NullPointerException…).
 * In Velocity a method that throws fails the whole rendering (MethodInvocationException), so the
 * renderer reports it instead of printing anything.
 */
export class JavaException extends Error {
  constructor(
    readonly javaClass: string,
    detail: string,
    readonly pattern?: string,
  ) {
    super(`${javaClass}: ${detail}${pattern === undefined ? '' : ` in the pattern '${pattern}'`}`);
    this.name = 'JavaException';
  }
}
