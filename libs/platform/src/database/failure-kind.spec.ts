import { failureKind } from './failure-kind';

describe('failureKind', () => {
  it.each([
    ['a constraint violation', { code: '23502' }, 'data'],
    ['a data exception wrapped by TypeORM', { driverError: { code: '22P02' } }, 'data'],
    ['NUL in a text value', { code: '22021' }, 'data'],
    ['a refused connection', Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), 'transient'],
    ['a reset connection', Object.assign(new Error('read'), { code: 'ECONNRESET' }), 'transient'],
    ['an admin shutdown', { code: '57P01' }, 'transient'],
    ['the database refusing connections', { code: '57P03' }, 'transient'],
    ['too many connections', { code: '53300' }, 'transient'],
    ['a deadlock', { code: '40P01' }, 'transient'],
    ['a lost connection', { code: '08006' }, 'transient'],
    ['pg: connection terminated', new Error('Connection terminated unexpectedly'), 'transient'],
    ['pg pool: no connection in time', new Error('timeout exceeded when trying to connect'), 'transient'],
    ['a retriable Kafka error', Object.assign(new Error('leader not available'), { retriable: true }), 'transient'],
    ['kafkajs giving up on a broker', Object.assign(new Error('x'), { name: 'KafkaJSNumberOfRetriesExceeded' }), 'transient'],
    ['a plain Error from a handler', new Error('mailbox 7 was not locked'), 'bug'],
    ['a TypeError', new TypeError('x is undefined'), 'bug'],
    ['an unknown column (a code bug)', { code: '42703' }, 'bug'],
    ['nothing at all', undefined, 'bug'],
  ])('%s → %s', (_name, error, kind) => {
    expect(failureKind(error)).toBe(kind);
  });
});
