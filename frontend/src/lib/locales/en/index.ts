// English messages. They define the set of message keys: every other locale
// must provide exactly the same keys (see Messages in ../../i18n.ts). They
// are kept in one file per area of the app, in the same files for every
// locale; a key lives in the area that shows it, and no key is in two.

import { access } from './access';
import { booking } from './booking';
import { common } from './common';
import { companies } from './companies';
import { conflicts } from './conflicts';
import { desk } from './desk';
import { frontdesk } from './frontdesk';
import { groups } from './groups';
import { guests } from './guests';
import { policy } from './policy';
import { pricing } from './pricing';
import { property } from './property';
import { replication } from './replication';
import { system } from './system';

/** areas are the English messages by area (i18n.test.ts checks they do not overlap). */
export const areas = { common, system, access, property, booking, guests, companies, frontdesk, desk, conflicts, groups, policy, pricing, replication } as const;

export const en = { ...common, ...system, ...access, ...property, ...booking, ...guests, ...companies, ...frontdesk, ...desk, ...conflicts, ...groups, ...policy, ...pricing, ...replication } as const;
