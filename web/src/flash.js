// A message carried from one screen to the next (e.g. "follow-up saved, next
// visit 2027-03-03" from the service form back to the worklist). Read once.
import { ref } from 'vue';

const message = ref(null);

export function setFlash(m) {
  message.value = { ...m, at: Date.now() };
}

export function takeFlash() {
  const m = message.value;
  message.value = null;
  // Stale after a minute (the user wandered off and came back).
  return m && Date.now() - m.at < 60000 ? m : null;
}
