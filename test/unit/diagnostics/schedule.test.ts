// Debounce and supersession primitives.
import * as assert from 'node:assert/strict';
import { Debouncer, Generations } from '../../../src/diagnostics/schedule';
import { FakeClock } from './fakes';

describe('Debouncer', () => {
  it('runs once per burst, after the last schedule', () => {
    const clock = new FakeClock();
    const runs: string[] = [];
    const debouncer = new Debouncer<string>((key) => runs.push(`${key}@${clock.now}`), clock);
    debouncer.schedule('a', 200);
    clock.advance(150);
    debouncer.schedule('a', 200);
    clock.advance(150);
    assert.deepEqual(runs, []);
    clock.advance(50);
    assert.deepEqual(runs, ['a@350']);
  });

  it('keeps keys independent', () => {
    const clock = new FakeClock();
    const runs: string[] = [];
    const debouncer = new Debouncer<string>((key) => runs.push(key), clock);
    debouncer.schedule('a', 100);
    debouncer.schedule('b', 50);
    clock.advance(100);
    assert.deepEqual(runs, ['b', 'a']);
  });

  it('flush runs a pending key at once; cancel drops it', () => {
    const clock = new FakeClock();
    const runs: string[] = [];
    const debouncer = new Debouncer<string>((key) => runs.push(key), clock);
    debouncer.schedule('a', 100);
    debouncer.schedule('b', 100);
    assert.equal(debouncer.flush('a'), true);
    assert.equal(debouncer.flush('a'), false);
    debouncer.cancel('b');
    clock.advance(500);
    assert.deepEqual(runs, ['a']);
    assert.equal(clock.pending, 0);
  });
});

describe('Generations', () => {
  it('only the newest run of a key is current', () => {
    const generations = new Generations<string>();
    const first = generations.next('a');
    const other = generations.next('b');
    const second = generations.next('a');
    assert.equal(generations.isCurrent('a', first), false);
    assert.equal(generations.isCurrent('a', second), true);
    assert.equal(generations.isCurrent('b', other), true);
    generations.drop('a');
    assert.equal(generations.isCurrent('a', second), false);
  });
});
