/**
 * Content imports in tests generate sample pictures under MEDIA_DIR: keep them in a directory
 * of this test run instead of the repository's data/media.
 */
import os from 'node:os';
import path from 'node:path';

process.env.MEDIA_DIR ||= path.join(os.tmpdir(), `reformdesk-test-media-${process.pid}`);
