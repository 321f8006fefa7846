import { isPoisonError } from './error-kinds';

describe('isPoisonError', () => {
  it.each([
    ['a constraint violation', { code: '23502' }, true],
    ['a data exception wrapped by TypeORM', { driverError: { code: '22P02' } }, true],
    ['a handler bug', new TypeError('x is undefined'), true],
    ['a refused connection', Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), false],
    ['an admin shutdown', { code: '57P01' }, false],
    ['a deadlock (retried elsewhere)', { code: '40P01' }, false],
    ['an unknown error', new Error('timeout'), false],
  ])('%s → %s', (_name, error, poison) => {
    expect(isPoisonError(error)).toBe(poison);
  });
});
