/**
 * The code a function's worker thread runs, as JavaScript text (`new Worker(code, { eval: true })`):
 * a file would have to exist both under src/ (tests run TypeScript) and dist/, and a compiled
 * function's text carries the compiler's helpers. It loads the handler as the Node.js runtime does
 * ("Define Lambda function handler in Node.js",
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html): `<module>.<export>` with the
 * module path relative to the service directory, `.js`, `.mjs` then `.cjs`, loaded with `import()`
 * (ES modules and CommonJS alike), the export an async function or one taking a callback. Each
 * invocation's result is JSON-serialised as Lambda serialises it; an error is reported as Lambda
 * reports one (errorType, errorMessage, trace).
 */
export const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { existsSync } = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { randomUUID } = require('node:crypto');

function runtimeError(errorType, message) {
  const error = new Error(message);
  error.name = errorType;
  return error;
}

let loaded;
async function loadHandler() {
  if (loaded) return loaded;
  const { servicePath, handler } = workerData;
  const slash = handler.lastIndexOf('/');
  const dot = handler.indexOf('.', slash + 1);
  if (dot === -1) throw runtimeError('Runtime.MalformedHandlerName', 'Bad handler ' + handler);
  const modulePath = handler.slice(0, dot);
  const exportPath = handler.slice(dot + 1).split('.');
  const base = path.resolve(servicePath, modulePath);
  const file = ['.js', '.mjs', '.cjs'].map((ext) => base + ext).find((candidate) => existsSync(candidate));
  if (!file) throw runtimeError('Runtime.ImportModuleError', "Error: Cannot find module '" + modulePath + "'");
  const loadedModule = await import(pathToFileURL(file).href);
  const pick = (root) => exportPath.reduce((value, key) => (value == null ? undefined : value[key]), root);
  let fn = pick(loadedModule);
  if (typeof fn !== 'function' && loadedModule.default) fn = pick(loadedModule.default);
  if (typeof fn !== 'function')
    throw runtimeError('Runtime.HandlerNotFound', modulePath + '.' + exportPath.join('.') + ' is undefined or not exported');
  loaded = fn;
  return fn;
}

function invoke(fn, event, deadline) {
  return new Promise((resolve, reject) => {
    const callback = (error, value) => (error ? reject(error) : resolve(value));
    const { functionName, memorySize, region, accountId } = workerData;
    const context = {
      functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:' + region + ':' + accountId + ':function:' + functionName,
      memoryLimitInMB: String(memorySize),
      awsRequestId: randomUUID(),
      logGroupName: '/aws/lambda/' + functionName,
      logStreamName: 'local',
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: callback,
      succeed: (value) => resolve(value),
      fail: (error) => reject(error),
    };
    let returned;
    try {
      returned = fn(event, context, callback);
    } catch (error) {
      reject(error);
      return;
    }
    if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
    else if (fn.length < 3) resolve(returned);
  });
}

parentPort.on('message', async ({ id, event, deadline }) => {
  try {
    const fn = await loadHandler();
    const result = await invoke(fn, event, deadline);
    const text = JSON.stringify(result === undefined ? null : result);
    parentPort.postMessage({ id, ok: true, result: text === undefined ? 'null' : text });
  } catch (error) {
    const isError = error instanceof Error;
    parentPort.postMessage({
      id,
      ok: false,
      error: {
        errorType: isError ? error.name : typeof error,
        errorMessage: isError ? error.message : String(error),
        trace: isError && error.stack ? error.stack.split('\n') : [],
      },
    });
  }
});
`;
