import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router/index.js';
import i18n from './i18n/index.js';
import { onAuthProblem } from './api/client.js';
import { forget, session } from './session.js';
import './styles/base.css';

// The session ended on the server (idle 30 minutes, logout elsewhere, role
// changed): back to the login page, then to where the user was.
onAuthProblem('unauthenticated', () => {
  if (!session.me) return;
  forget();
  const here = router.currentRoute.value;
  if (!here.meta.public) router.replace({ name: 'login', query: { next: here.fullPath, expired: '1' } });
});
onAuthProblem('passwordChangeRequired', () => {
  if (session.me) session.me.must_change_password = true;
  router.replace({ name: 'password' });
});

createApp(App).use(router).use(i18n).mount('#app');
