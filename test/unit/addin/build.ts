// The add-in build (scripts/build-addin.mjs, plain JavaScript) with the types the tests rely on.
export interface BuildAddinOptions {
  outDir?: string;
  baseUrl?: string;
  policyFile?: string;
  minify?: boolean;
  writeRepoManifests?: boolean;
}

const script = '../../../scripts/build-addin.mjs';
const mod = (await import(/* @vite-ignore */ script)) as {
  buildAddin(options?: BuildAddinOptions): Promise<{ outDir: string; baseUrl: string }>;
};
export const buildAddin = mod.buildAddin;
