// The read device of Asio's read_at.cpp scenarios, loaded with the test data.
import { IoContext } from '@asio-ts/core';
import { writeData as readData } from './bytes.js';
import { type WriteLength } from './conditions.js';
import { TestReadDevice } from './random-access-devices.js';

/** Asio's `s.reset(read_data, sizeof(read_data))` then `s.next_read_length(len)` (unlimited: the reset's own length). */
export function device(ioc: IoContext, len: WriteLength): TestReadDevice {
  const d = new TestReadDevice(ioc);
  d.reset(readData);
  if (len !== Infinity) d.nextReadLength(len);
  return d;
}
