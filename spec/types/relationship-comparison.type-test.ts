/**
 * Compile-time checks of relationship comparisons: `tsc --noEmit` fails when a line marked
 * `@ts-expect-error` compiles.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { attrs } from '../../lib/mapper';
import { select } from '../../lib/sql';

@Table('type_test_teams')
class Team {
  @Column({ primaryKey: true }) id!: number;
  @Relationship(() => Player, { backPopulates: 'team' }) players!: Player[];
}

@Table('type_test_players')
class Player {
  @Column({ primaryKey: true }) id!: number;
  @Column({ foreignKey: () => Team, nullable: true }) teamId!: number | null;
  @Relationship(() => Team, { backPopulates: 'players' }) team!: Team | null;
}

const team = new Team();
const player = new Player();

export const byTeam = select(Player).where(attrs(Player).team.eq(team));
export const withoutTeam = select(Player).where(attrs(Player).team.ne(null));
// @ts-expect-error a player's team is compared with a Team, not a Player
export const wrongClass = attrs(Player).team.eq(player);
// @ts-expect-error a number is not an object of the relationship's target
export const notAnObject = attrs(Player).team.eq(1);
