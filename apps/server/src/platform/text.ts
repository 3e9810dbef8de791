// Vietnamese text helpers live in the shared contracts package so the browser folds search input the same way.
export { foldVietnamese, nfc, escapeLike } from '@tinhso/contracts';
