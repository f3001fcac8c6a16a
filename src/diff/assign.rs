//! The matching of old to new standards that maximises the total score.

use std::collections::{BTreeMap, HashMap};

/// Pairs at or above this score that are each other's best are matched at once.
const SURE: f64 = 0.9;
/// Groups larger than this are matched greedily, best pair first, rather than optimally
/// (O(n³)); in practice groups stay far smaller.
const MAX_OPTIMAL_GROUP: usize = 400;

/// A maximum-weight matching of the bipartite graph `edges` (old, new, score).
pub fn best_matching(
    olds: usize,
    news: usize,
    edges: &[(usize, usize, f64)],
) -> Vec<(usize, usize)> {
    let mut best_old: Vec<Option<(f64, usize)>> = vec![None; olds];
    let mut best_new: Vec<Option<(f64, usize)>> = vec![None; news];
    let better = |cur: Option<(f64, usize)>, s: f64, k: usize| {
        cur.is_none_or(|(cs, ck)| s > cs || (s == cs && k < ck))
    };
    for &(i, j, s) in edges {
        if better(best_old[i], s, j) {
            best_old[i] = Some((s, j));
        }
        if better(best_new[j], s, i) {
            best_new[j] = Some((s, i));
        }
    }
    let mut out = Vec::new();
    let mut old_done = vec![false; olds];
    let mut new_done = vec![false; news];
    for (i, b) in best_old.iter().enumerate() {
        if let Some((s, j)) = *b
            && s >= SURE
            && best_new[j].is_some_and(|(_, k)| k == i)
        {
            out.push((i, j));
            old_done[i] = true;
            new_done[j] = true;
        }
    }
    let rest: Vec<(usize, usize, f64)> = edges
        .iter()
        .copied()
        .filter(|&(i, j, _)| !old_done[i] && !new_done[j])
        .collect();

    // Groups of standards that compete for the same partners (union-find).
    let mut parent: Vec<usize> = (0..olds + news).collect();
    fn find(p: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while p[r] != r {
            r = p[r];
        }
        let mut x = x;
        while p[x] != r {
            let next = p[x];
            p[x] = r;
            x = next;
        }
        r
    }
    for &(i, j, _) in &rest {
        let (a, b) = (find(&mut parent, i), find(&mut parent, olds + j));
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut groups: BTreeMap<usize, Vec<(usize, usize, f64)>> = BTreeMap::new();
    for &e in &rest {
        let g = find(&mut parent, e.0);
        groups.entry(g).or_default().push(e);
    }
    for edges in groups.values() {
        out.extend(match_group(edges));
    }
    out.sort_unstable();
    out
}

fn match_group(edges: &[(usize, usize, f64)]) -> Vec<(usize, usize)> {
    let mut rows: Vec<usize> = edges.iter().map(|e| e.0).collect();
    let mut cols: Vec<usize> = edges.iter().map(|e| e.1).collect();
    rows.sort_unstable();
    rows.dedup();
    cols.sort_unstable();
    cols.dedup();
    if rows.len().max(cols.len()) > MAX_OPTIMAL_GROUP {
        return greedy(edges);
    }
    let r: HashMap<usize, usize> = rows.iter().enumerate().map(|(k, &v)| (v, k)).collect();
    let c: HashMap<usize, usize> = cols.iter().enumerate().map(|(k, &v)| (v, k)).collect();
    let n = rows.len().max(cols.len());
    // Cost = -score for a pair that may match; 0 (leaving both unmatched) otherwise.
    let mut cost = vec![vec![0.0f64; n]; n];
    for &(i, j, s) in edges {
        cost[r[&i]][c[&j]] = -s;
    }
    let assignment = hungarian(&cost);
    let mut out = Vec::new();
    for (row, col) in assignment.into_iter().enumerate() {
        if row < rows.len() && col < cols.len() && cost[row][col] < 0.0 {
            out.push((rows[row], cols[col]));
        }
    }
    out
}

fn greedy(edges: &[(usize, usize, f64)]) -> Vec<(usize, usize)> {
    let mut e = edges.to_vec();
    e.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    let mut used_o = std::collections::HashSet::new();
    let mut used_n = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (i, j, _) in e {
        if !used_o.contains(&i) && !used_n.contains(&j) {
            used_o.insert(i);
            used_n.insert(j);
            out.push((i, j));
        }
    }
    out
}

/// The Hungarian algorithm (Kuhn-Munkres with potentials) for a square cost matrix: the column
/// assigned to each row, minimising the total cost. O(n³).
fn hungarian(cost: &[Vec<f64>]) -> Vec<usize> {
    let n = cost.len();
    let inf = f64::INFINITY;
    let mut u = vec![0.0; n + 1];
    let mut v = vec![0.0; n + 1];
    let mut p = vec![0usize; n + 1]; // p[col] = row (1-based; 0 = none)
    let mut way = vec![0usize; n + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![inf; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = inf;
            let mut j1 = 0;
            for j in 1..=n {
                if !used[j] {
                    let cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=n {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut row_to_col = vec![0; n];
    for j in 1..=n {
        if p[j] > 0 {
            row_to_col[p[j] - 1] = j - 1;
        }
    }
    row_to_col
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optimal_beats_greedy() {
        // Greedy takes (0,0) at 0.9 and leaves 1 unmatched; the optimum pairs (0,1) and (1,0).
        let edges = [(0, 0, 0.85), (0, 1, 0.8), (1, 0, 0.8)];
        assert_eq!(best_matching(2, 2, &edges), [(0, 1), (1, 0)]);
        assert_eq!(greedy(&edges), [(0, 0)]);
    }

    #[test]
    fn sure_pairs_and_unmatched() {
        let edges = [(0, 0, 0.95), (1, 1, 0.6), (2, 1, 0.55)];
        assert_eq!(best_matching(3, 2, &edges), [(0, 0), (1, 1)]);
        assert!(best_matching(2, 2, &[]).is_empty());
    }
}
