//! `kiosk publish`: the curators' side. The hall folder is a git repository; a version
//! is published by checking it in full (the loader of `kiosk check`, media opened),
//! committing what changed, and tagging the commit `v<N>`, signed when the curator's
//! git has a signing key (`user.signingkey`; SSH keys with `gpg.format=ssh`).

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::git::Git;
use super::version_number;
use crate::content::{LoadOptions, Loaded, load_hall};

/// How a publish ended.
pub enum Published {
    /// The check found errors: nothing was committed or tagged.
    Refused(Box<Loaded>),
    /// The version is tagged.
    Tagged {
        tag: String,
        /// Whether a commit was made (files had changed since the last one).
        committed: bool,
        signed: bool,
        /// The bundle written for a USB stick, if one was asked for.
        bundle: Option<PathBuf>,
    },
    /// The last commit is published already, as this tag.
    AlreadyPublished {
        tag: String,
        bundle: Option<PathBuf>,
    },
}

/// Publishes the hall in `dir`; with `bundle`, also writes every version into that
/// file for kiosks that are updated from a USB stick.
pub fn publish(dir: &Path, bundle: Option<&Path>) -> anyhow::Result<Published> {
    let loaded = load_hall(dir, LoadOptions { probe_media: true })?;
    if loaded.diagnostics.error_count() > 0 {
        return Ok(Published::Refused(Box::new(loaded)));
    }
    let git = Git::work_tree(dir);
    let own_repository = git
        .run(["rev-parse", "--show-toplevel"])
        .ok()
        .map(|top| PathBuf::from(top.trim()))
        .and_then(|top| top.canonicalize().ok())
        == dir.canonicalize().ok();
    if !own_repository {
        if git.succeeds(["rev-parse", "--git-dir"]) {
            anyhow::bail!(
                "{} is inside another git repository; a hall needs a repository of its own (`git init` in the hall folder)",
                dir.display()
            );
        }
        git.run(["init", "--quiet"])?;
        tracing::info!("publish: {} is a git repository now", dir.display());
    }
    // The data folder (statistics, logs of a curator's preview) is not content.
    let data = loaded.hall.data_dir();
    let mut add = vec![
        "add".to_owned(),
        "--all".to_owned(),
        "--".to_owned(),
        ".".to_owned(),
    ];
    if let Ok(relative) = data.strip_prefix(dir)
        && !relative.as_os_str().is_empty()
    {
        add.push(format!(":(exclude){}", relative.display()));
    }
    git.run(&add)?;
    let has_head = git.succeeds(["rev-parse", "--verify", "--quiet", "HEAD"]);
    let staged_changes = !has_head || !git.succeeds(["diff", "--cached", "--quiet"]);
    let tags = git.run(["tag", "--list", "v*"])?;
    let next = tags
        .lines()
        .filter_map(|t| version_number(t.trim()))
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    let tag = format!("v{next}");
    if staged_changes {
        git.run(["commit", "--quiet", "-m", &format!("Publish {tag}")])
            .context("cannot commit the hall's files")?;
    } else {
        let at_head = git.run(["tag", "--points-at", "HEAD", "--list", "v*"])?;
        if let Some(existing) = at_head.lines().find(|t| version_number(t.trim()).is_some()) {
            return Ok(Published::AlreadyPublished {
                tag: existing.trim().to_owned(),
                bundle: write_bundle(&git, bundle)?,
            });
        }
    }
    let signed = git
        .run(["config", "--get", "user.signingkey"])
        .is_ok_and(|key| !key.trim().is_empty());
    let sign = if signed { "--sign" } else { "--annotate" };
    let summary = loaded.summary();
    git.run(["tag", sign, &tag, "-m", &format!("{tag}: {summary}")])
        .with_context(|| format!("cannot tag {tag}"))?;
    Ok(Published::Tagged {
        tag,
        committed: staged_changes,
        signed,
        bundle: write_bundle(&git, bundle)?,
    })
}

/// Every version in one file for a USB stick (`git bundle`); git writes it under
/// another name and renames it, so a kiosk never reads half a bundle.
fn write_bundle(git: &Git, bundle: Option<&Path>) -> anyhow::Result<Option<PathBuf>> {
    let Some(file) = bundle else {
        return Ok(None);
    };
    let file = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    git.run([
        "bundle".as_ref(),
        "create".as_ref(),
        "--quiet".as_ref(),
        file.as_os_str(),
        "--all".as_ref(),
    ])
    .with_context(|| format!("cannot write the bundle {}", file.display()))?;
    Ok(Some(file))
}
