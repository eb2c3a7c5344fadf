// Phone layout below 768 px: bottom navigation, a drawer for the full menu,
// one-column forms.
import { ref } from 'vue';

const QUERY = '(max-width: 767px)';
const mql = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(QUERY) : null;
const phone = ref(mql ? mql.matches : false);
if (mql) mql.addEventListener('change', (e) => (phone.value = e.matches));

export function useIsPhone() {
  return phone;
}
export function isPhoneNow() {
  return phone.value;
}
