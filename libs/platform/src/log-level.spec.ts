import { ConfigError, loadConfig, logLevel } from './config';

describe('LOG_LEVEL', () => {
  it('is info unless set, and any of pino level names', () => {
    expect(logLevel({})).toBe('info');
    expect(loadConfig('message-gateway', 3000, { LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(logLevel({ LOG_LEVEL: 'silent' })).toBe('silent');
  });

  it('refuses anything else, naming the setting', () => {
    expect(() => loadConfig('message-gateway', 3000, { LOG_LEVEL: 'verbose' })).toThrow(ConfigError);
    expect(() => logLevel({ LOG_LEVEL: 'INFO' })).toThrow(/LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/);
  });
});
