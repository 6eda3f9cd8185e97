/** Friendly random identities for people who have not named themselves yet. */
const ADJECTIVES = [
  'Brave', 'Calm', 'Clever', 'Cosy', 'Curious', 'Eager', 'Gentle', 'Happy', 'Jolly', 'Kind',
  'Lively', 'Lucky', 'Mellow', 'Nimble', 'Plucky', 'Quick', 'Quiet', 'Sunny', 'Swift', 'Witty',
];
const ANIMALS = [
  'Otter', 'Fox', 'Panda', 'Koala', 'Heron', 'Lynx', 'Badger', 'Owl', 'Puffin', 'Seal',
  'Hedgehog', 'Falcon', 'Moose', 'Gecko', 'Beaver', 'Robin', 'Walrus', 'Bison', 'Crane', 'Hare',
];
/** Saturated enough for a cursor on white, distinct from each other. */
export const PRESENCE_COLORS = [
  '#e03131', '#2f9e44', '#1971c2', '#f08c00', '#9c36b5', '#0c8599', '#e64980', '#5c940d', '#6741d9', '#d9480f',
];

const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)];

export const randomName = () => `${pick(ADJECTIVES)} ${pick(ANIMALS)}`;
export const randomColor = () => pick(PRESENCE_COLORS);
