/**
 * Jest transform for ES-module-only packages (NestJS 12 and Terminus 12 ship ESM alone). Node itself loads them
 * from the CommonJS build with require(esm), but jest's module sandbox cannot, so jest gets them
 * transpiled to CommonJS; `import.meta`, which CommonJS lacks, becomes its CommonJS equivalents.
 */
const ts = require('typescript');
const { pathToFileURL } = require('url');

module.exports = {
  process(source, filename) {
    const withUrl = source
      // An ES module making itself a require(): CommonJS has one already (redeclaring it is a syntax error).
      .replace(/^const require = createRequire\(import\.meta\.url\);$/m, '')
      .replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(filename).href))
      .replace(/\bimport\.meta\.resolve\(/g, 'require.resolve(')
      .replace(/\bimport\.meta\.dirname\b/g, '__dirname')
      .replace(/\bimport\.meta\.filename\b/g, '__filename');
    const { outputText } = ts.transpileModule(withUrl, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, allowJs: true, esModuleInterop: true },
    });
    return { code: outputText };
  },
};
