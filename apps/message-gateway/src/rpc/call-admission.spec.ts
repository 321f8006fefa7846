import fc from 'fast-check';
import { CallAdmission } from './call-admission';

describe('CallAdmission', () => {
  it('admits up to its limit, refuses the next, and admits again once one is released', () => {
    const admission = new CallAdmission(2);
    const first = admission.enter();
    const second = admission.enter();
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(admission.enter()).toBeUndefined();
    first!();
    expect(admission.enter()).toBeDefined();
    expect(admission.calls).toBe(2);
  });

  it('counts a release once however often it is called', () => {
    const admission = new CallAdmission(1);
    const release = admission.enter()!;
    release();
    release();
    expect(admission.calls).toBe(0);
    expect(admission.enter()).toBeDefined();
    expect(admission.enter()).toBeUndefined();
  });

  it('never has more than its limit in flight, whatever the order of calls and releases', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.boolean(), { maxLength: 200 }), (limit, steps) => {
        const admission = new CallAdmission(limit);
        const held: Array<() => void> = [];
        for (const enter of steps) {
          if (enter) {
            const release = admission.enter();
            // Refused exactly when the limit is reached.
            expect(release === undefined).toBe(held.length === limit);
            if (release) held.push(release);
          } else held.shift()?.();
          expect(admission.calls).toBe(held.length);
          expect(admission.calls).toBeLessThanOrEqual(limit);
        }
      }),
    );
  });
});
