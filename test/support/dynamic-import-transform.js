/**
 * Jest transform for CommonJS packages that load Node's own modules with `import()` (PGlite): jest's
 * sandbox runs import() only under --experimental-vm-modules, and that flag makes it refuse the ES
 * modules of Nest. Each import() becomes a require() through a helper bound at the file's top,
 * since the file may declare a `var require` of its own further in (PGlite does).
 */
module.exports = {
  process(source) {
    const helper = 'const __jestImport = (id) => Promise.resolve().then(() => require(id));';
    return { code: `${helper}${source.replace(/\bimport\(/g, '__jestImport(')}` };
  },
};
