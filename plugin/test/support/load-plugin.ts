import { pluginConfig } from './run.js';

/**
 * A mocha root hook (`require` in .mocharc.json): loads the plugin's config, and with it every
 * command module, before a file's first test. On a loaded machine that first load takes
 * longer than a test's timeout; here it has its own.
 */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(180_000);
    await pluginConfig();
  },
};
