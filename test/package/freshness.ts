// Whether the checkout's dist/ is a build of the current sources (bin/dist-fresh.js, shared with bin/bertcnn.js).
export { distIsFresh } from '../../bin/dist-fresh.js';
