import { loadConfig, ConfigError } from '@aup/config';
import { runCli } from './cli';
import { processOutput } from './output';

async function main(): Promise<number> {
  let policiesDir: string | undefined;
  try {
    policiesDir = loadConfig().POLICIES_DIR;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    processOutput.error(error.message);
    return 2;
  }
  try {
    return await runCli(process.argv.slice(2), processOutput, { POLICIES_DIR: policiesDir });
  } catch (error) {
    processOutput.error(
      `unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return 1;
  }
}

void main().then((code) => {
  process.exitCode = code;
});
