// Element Plus's toast and confirm box with their CSS. Imported by name from
// 'element-plus', they come without styles (the on-demand plugin only styles
// what templates use), and a toast would sit unstyled under the page.
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';

export { ElMessage, ElMessageBox } from 'element-plus';
