import { ArgumentError, InvalidRequestError } from '../../errors';
import {
  entityMapper,
  type Mapper,
  type RelationshipAttribute,
  type RelationshipProperty,
} from '../../mapper';
import type { EffectiveNode, LoadTree } from './load-context';
import { isLoaderOption, type LoaderOption } from './options';
import { LOADERS, MAPPING_DEFAULTS } from './strategies';

export const emptyTree = (): LoadTree => ({ nodes: new Map(), wildcard: undefined });

function merge(tree: LoadTree, option: LoaderOption): void {
  let level = tree;
  for (const step of option.steps) {
    if (step.attr === '*') {
      level.wildcard = step.strategy;
      return;
    }
    const prop = step.attr.property;
    let node = level.nodes.get(prop.key);
    if (node === undefined) {
      node = { prop, strategy: step.strategy, attr: step.attr, children: emptyTree() };
      level.nodes.set(prop.key, node);
    } else if (step.strategy !== 'default') {
      node.strategy = step.strategy;
      node.attr = step.attr;
    }
    level = node.children;
  }
  if (option.columnOptions.length) (level.columnOptions ??= []).push(...option.columnOptions);
  for (const branch of option.branches) merge(level, branch);
}

/** Whether `item` (a select item) is where an option rooted at `attr` starts. */
function rootsAt(item: unknown, attr: RelationshipAttribute<object>): boolean {
  if (item === attr.parentEntity) return true;
  const itemMapper = entityMapper(item);
  const isClass = typeof item === 'function' && typeof attr.parentEntity === 'function';
  if (itemMapper === undefined || !isClass) return false;
  const parent = attr.property.parent;
  return itemMapper.isa(parent) || parent.isa(itemMapper);
}

/**
 * The loader trees of a statement's entity items, by item index, from its options. An option
 * rooted at an entity the statement does not select is an `ArgumentError`.
 * @internal
 */
export function rootTrees(
  items: readonly unknown[],
  options: readonly { readonly optionKind: string }[],
): Map<number, LoadTree> {
  const trees = new Map<number, LoadTree>();
  const treeAt = (i: number): LoadTree => {
    let t = trees.get(i);
    if (t === undefined) trees.set(i, (t = emptyTree()));
    return t;
  };
  items.forEach((item, i) => {
    if (entityMapper(item) !== undefined) treeAt(i);
  });
  for (const option of options) {
    if (!isLoaderOption(option)) continue;
    const first = option.steps[0];
    if (first === undefined) continue;
    let matched = false;
    items.forEach((item, i) => {
      if (entityMapper(item) === undefined) return;
      if (first.attr !== '*' && !rootsAt(item, first.attr)) return;
      matched = true;
      merge(treeAt(i), option);
    });
    if (!matched) {
      const what = first.attr === '*' ? 'no entity' : `no ${first.attr.property.parent.name}`;
      throw new ArgumentError(`loader option ${option.toString()}: the statement selects ${what}`);
    }
  }
  return trees;
}

const memo = new WeakMap<LoadTree, Map<RelationshipProperty, EffectiveNode>>();

/**
 * What to do for `prop` at the level of `tree`: the option given for it, the level's wildcard, or
 * the mapping's `lazy:` default. An eager default that would walk back along the path (a
 * back-populating or self-referential relationship) stays unloaded instead of looping.
 * @internal
 */
export function nodeFor(
  tree: LoadTree,
  prop: RelationshipProperty,
  path: readonly RelationshipProperty[],
): EffectiveNode {
  let byProp = memo.get(tree);
  if (byProp === undefined) memo.set(tree, (byProp = new Map()));
  const cached = byProp.get(prop);
  if (cached !== undefined) return cached;
  const given = tree.nodes.get(prop.key);
  const matches = given !== undefined && (prop.parent.isa(given.prop.parent) || given.prop === prop);
  let node: EffectiveNode;
  const here = [...path, prop];
  if (prop.writeOnly) {
    // Never loaded: an explicit eager option is a mistake; wildcards pass over it.
    if (matches && given.strategy !== 'default' && LOADERS[given.strategy].loadsRows) {
      throw new InvalidRequestError(
        `${prop} is a write-only collection and cannot be loaded; query it with select()`,
      );
    }
    node = { prop, strategy: 'lazy', explicit: false, attr: undefined, children: emptyTree(), path: here };
  } else if (matches && given.strategy !== 'default') {
    node = {
      prop,
      strategy: given.strategy,
      explicit: true,
      attr: given.attr,
      children: given.children,
      path: here,
    };
  } else if (!matches && tree.wildcard !== undefined && tree.wildcard !== 'default') {
    node = {
      prop,
      strategy: tree.wildcard,
      explicit: true,
      attr: undefined,
      children: emptyTree(),
      path: here,
    };
  } else {
    let strategy = MAPPING_DEFAULTS[prop.lazy];
    if (
      LOADERS[strategy].loadsRows &&
      !matches &&
      path.some((p) => p === prop || p.backPopulates === prop || p === prop.backPopulates)
    ) {
      strategy = 'lazy';
    }
    node = {
      prop,
      strategy,
      explicit: false,
      attr: matches ? given.attr : undefined,
      children: matches ? given.children : emptyTree(),
      path: here,
    };
  }
  byProp.set(prop, node);
  return node;
}

/** The relationships of `mapper` with their effective strategies at the level of `tree`. @internal */
export function levelNodes(
  tree: LoadTree,
  mapper: Mapper<object>,
  path: readonly RelationshipProperty[],
): EffectiveNode[] {
  return mapper.relationships.map((p) => nodeFor(tree, p, path));
}
