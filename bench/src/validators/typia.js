// typia 12: `typia.createAssert<Root>()` turned into plain JS by `typia generate`
// (bench/src/typia/validator.ts → bench/generated/typia/validator.ts). Validates in place.
import { assertRoot, chat } from '../../generated/typia/validator.ts';
import { withContract } from './common.js';

export function makeTypia(chatId) {
  return withContract((value) => {
    chat.id = chatId;
    return assertRoot(value);
  });
}
