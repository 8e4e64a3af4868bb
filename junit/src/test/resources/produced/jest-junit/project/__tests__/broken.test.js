// A file that cannot even load: jest reports the suite as failed to run.
import { missing } from './does-not-exist';

test('never runs', () => {
  expect(missing).toBeDefined();
});
