// Checks electron-builder.yml without running electron-builder: the YAML is validated against
// app-builder-lib's own scheme.json (its validateConfiguration) and its own file matcher
// decides which SQLite prebuild each platform/arch keeps.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const requireFromRoot = createRequire(path.join(root, 'package.json'));

type Config = Record<string, unknown> & {
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  linux: PlatformConfig;
  win: PlatformConfig;
  mac: PlatformConfig & { hardenedRuntime?: boolean };
};
type PlatformConfig = { target: { target: string; arch: string[] }[]; files?: string[] };
type Filter = (file: string, stat: { isDirectory(): boolean; moduleFullFilePath: string }) => boolean;

const yaml = requireFromRoot('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Config;
const { validateConfiguration } = requireFromRoot('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean }): Promise<void>;
};
const { getNodeModuleFileMatcher } = requireFromRoot('app-builder-lib/out/fileMatcher') as {
  getNodeModuleFileMatcher(
    appDir: string,
    destination: string,
    macroExpander: (pattern: string) => string,
    platformOptions: PlatformConfig,
    packager: { config: Config; debugLogger: { isEnabled: boolean } },
  ): { createFilter(): Filter };
};

const SQLITE = 'node_modules/better-sqlite3-multiple-ciphers';

function keptModuleFiles(platform: 'linux' | 'win' | 'mac', arch: string, files: string[]): string[] {
  const expand = (pattern: string) => pattern.replaceAll('${arch}', arch).replaceAll('${os}', platform);
  const filter = getNodeModuleFileMatcher(root, '/out', expand, config[platform], { config, debugLogger: { isEnabled: false } }).createFilter();
  return files.filter((file) => filter(path.join(root, file), { isDirectory: () => false, moduleFullFilePath: file }));
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema', async () => {
    await expect(validateConfiguration(config, { isEnabled: false })).resolves.toBeUndefined();
  });

  it('would catch a misspelt key (the schema check is real)', async () => {
    await expect(validateConfiguration({ ...config, electronFuses: { runAsNodee: false } }, { isEnabled: false })).rejects.toThrow(/Invalid configuration object/);
  });

  it('sets the security fuses', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('targets AppImage+deb, nsis and dmg for x64 and arm64, with a hardened macOS runtime', () => {
    const targets = (platform: PlatformConfig) => platform.target.map((t) => `${t.target}:${[...t.arch].sort().join('+')}`);
    expect(targets(config.linux)).toEqual(['AppImage:arm64+x64', 'deb:arm64+x64']);
    expect(targets(config.win)).toEqual(['nsis:arm64+x64']);
    expect(targets(config.mac)).toEqual(['dmg:arm64+x64']);
    expect(config.mac.hardenedRuntime).toBe(true);
  });

  it('packs into asar, unpacks the native SQLite binary and never rebuilds it', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain(`${SQLITE}/prebuilds/*.node`);
    expect(config).toMatchObject({ npmRebuild: false, buildDependenciesFromSource: false, nodeGypRebuild: false });
    expect(config.directories).toMatchObject({ output: 'release' });
  });

  it('ships only the built app, not the harness, benchmark, tests or sources', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/main/**', 'dist/renderer/**', 'package.json', '!dist/harness/**', '!dist/bench/**', '!test/**', '!src-*/**']));
  });

  it.each([
    ['linux', 'x64', 'linux-x64.node'],
    ['linux', 'arm64', 'linux-arm64.node'],
    ['win', 'x64', 'win32-x64.node'],
    ['win', 'arm64', 'win32-arm64.node'],
    ['mac', 'x64', 'darwin-x64.node'],
    ['mac', 'arm64', 'darwin-arm64.node'],
  ] as const)('keeps only the %s-%s SQLite prebuild (%s) and the loader', (platform, arch, prebuild) => {
    const prebuilds = readdirSync(path.join(root, SQLITE, 'prebuilds')).map((name) => `${SQLITE}/prebuilds/${name}`);
    // lib/binding.js loads prebuilds/${process.platform}-${process.arch}.node.
    expect(prebuilds).toContain(`${SQLITE}/prebuilds/${prebuild}`);
    const others = [`${SQLITE}/lib/index.js`, `${SQLITE}/lib/binding.js`, `${SQLITE}/package.json`, `${SQLITE}/src/better_sqlite3.cpp`, `${SQLITE}/deps/sqlite3/sqlite3.c`];
    expect(keptModuleFiles(platform, arch, [...prebuilds, ...others])).toEqual([
      `${SQLITE}/prebuilds/${prebuild}`,
      `${SQLITE}/lib/index.js`,
      `${SQLITE}/lib/binding.js`,
      `${SQLITE}/package.json`,
    ]);
  });
});
