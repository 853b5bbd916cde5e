// Simplified Chinese messages, in the same areas as the English ones. Each
// area's type makes a missing or an extra key a compile error, and Messages
// makes a missing area one.

import type { Messages } from '../../i18n';
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

/** areas are the Chinese messages by area. */
export const areas = { common, system, access, property, booking, guests, companies, frontdesk, desk, conflicts, groups, policy, pricing, replication } as const;

export const zhCN: Messages = { ...common, ...system, ...access, ...property, ...booking, ...guests, ...companies, ...frontdesk, ...desk, ...conflicts, ...groups, ...policy, ...pricing, ...replication };
