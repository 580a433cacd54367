/** Sets TF_CLI_CONFIG_FILE in `env` to the null device when the configured file is missing. */
export declare function quietMissingTerraformCliConfig(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
