import { StreamSlots } from './stream-slots';

describe('StreamSlots', () => {
  it('refuses a user past its own limit and everyone past the total, and frees slots once each', () => {
    const slots = new StreamSlots({ perUser: 2, max: 3 });
    const a1 = slots.take(1)!;
    const a2 = slots.take(1)!;
    expect(slots.take(1)).toBeUndefined();
    const b1 = slots.take(2)!;
    expect(slots.take(3)).toBeUndefined();
    expect(slots.open).toBe(3);
    a1();
    a1(); // a second release frees nothing more
    expect(slots.open).toBe(2);
    expect(slots.take(3)).toBeDefined();
    expect(slots.take(1)).toBeUndefined(); // the total is full again
    b1();
    a2();
    expect(slots.take(1)).toBeDefined();
  });
});
