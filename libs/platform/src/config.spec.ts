import { ConfigError, loadConfig } from './config';

describe('EMBEDDED_DATABASE', () => {
  const embedded = (value?: string) => loadConfig('test', 0, value === undefined ? {} : { EMBEDDED_DATABASE: value }).embeddedDatabase;

  it('names one of the two databases, or is unset (the folder or the platform decides)', () => {
    expect(embedded('postgres')).toBe('postgres');
    expect(embedded('pglite')).toBe('pglite');
    expect(embedded()).toBeUndefined();
    expect(embedded('')).toBeUndefined();
  });

  it('refuses anything else, naming the choices', () => {
    expect(() => embedded('sqlite')).toThrow(ConfigError);
    expect(() => embedded('PGlite')).toThrow('EMBEDDED_DATABASE must be one of postgres, pglite, got "PGlite"');
  });
});
