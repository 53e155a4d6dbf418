// Types of bin/dist-fresh.js (plain JavaScript: bin/ runs without a build).
export declare const BUILD_STAMP: string;
export declare function distIsFresh(root: string): boolean;
