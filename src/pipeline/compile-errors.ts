/**
 * Errors a compiler raises when the config conflicts with what is already in the template (a
 * logical id or a model name core took, a resource to patch that is not there): the user's to fix.
 * Both are TemplateConflictErrors (src/pipeline/errors.ts), which the plugin reports as a
 * Serverless error with their code rather than as a crash.
 */
import { TemplateConflictError } from './errors';

/** A route, a model or a validator that cannot be compiled into the template as it is. */
export class RoutesCompileError extends TemplateConflictError {}

/** Core's API keys in the same stack would make core's `sls info` print ours too. */
export class AccessControlCompileError extends TemplateConflictError {}
