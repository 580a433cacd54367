'use strict';
// Finds or builds the engine and the msgraph provider once, in jest's main process, before the
// test files start in parallel workers (which then find them in the cache): two workers must not
// build the same provider at once.
const toolchain = require('../../scripts/toolchain');

module.exports = async () => {
  const log = (m) => process.stderr.write(`[apply] ${m}\n`);
  Object.assign(process.env, toolchain.cdktfEngineEnv(toolchain.ensureEngine(log)));
  const msgraph = toolchain.ensureProvider('msgraph', log);
  if (!msgraph.binary) {
    throw new Error(`the msgraph provider cannot be built here: ${msgraph.refused.join('; ')}`);
  }
};
