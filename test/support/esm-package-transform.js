/**
 * Jest transform for ES-module-only packages (NestJS 12 ships ESM alone). Node itself loads them
 * from the CommonJS build with require(esm), but jest's module sandbox cannot, so jest gets them
 * transpiled to CommonJS; `import.meta.url`, which CommonJS lacks, becomes the file's URL.
 */
const ts = require('typescript');
const { pathToFileURL } = require('url');

module.exports = {
  process(source, filename) {
    const withUrl = source.replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(filename).href));
    const { outputText } = ts.transpileModule(withUrl, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, allowJs: true, esModuleInterop: true },
    });
    return { code: outputText };
  },
};
