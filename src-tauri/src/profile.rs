//! Which profile this run uses: the user's own data, or a separate test
//! identity. The profile decides the app identifier, and the identifier decides
//! where Tauri keeps everything on disk (data, cache, WebView storage), so a
//! test run can never read or change a user's data.
//!
//! Set `KAARTBEHEER_PROFILE=test` for tests. Unset (or `user`) is the normal
//! profile. Any other value stops the app: a typo must not fall back to the
//! user's data.

/// The environment variable that selects the profile.
pub const PROFILE_ENV: &str = "KAARTBEHEER_PROFILE";

/// A run's profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// The person's real data.
    User,
    /// Tests: its own identifier, so its own data and WebView directories.
    Test,
}

impl Profile {
    /// The profile named by the value of [`PROFILE_ENV`], if any.
    pub fn from_value(value: Option<&str>) -> Result<Self, String> {
        match value.map(str::trim) {
            None | Some("") | Some("user") => Ok(Self::User),
            Some("test") => Ok(Self::Test),
            Some(other) => Err(format!(
                "{PROFILE_ENV}={other:?} is not a profile; use \"test\" or leave it unset"
            )),
        }
    }

    /// The profile of this process, from its environment.
    pub fn from_env() -> Result<Self, String> {
        let value = std::env::var(PROFILE_ENV).ok();
        Self::from_value(value.as_deref())
    }

    /// The app identifier for this profile, given the configured one.
    pub fn identifier(self, configured: &str) -> String {
        match self {
            Self::User => configured.to_owned(),
            Self::Test => format!("{configured}.test"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unset_or_user_is_the_user_profile() {
        assert_eq!(Profile::from_value(None), Ok(Profile::User));
        assert_eq!(Profile::from_value(Some("")), Ok(Profile::User));
        assert_eq!(Profile::from_value(Some("user")), Ok(Profile::User));
    }

    #[test]
    fn a_typo_is_refused_rather_than_using_user_data() {
        assert!(Profile::from_value(Some("tset")).is_err());
    }

    #[test]
    fn the_test_profile_has_its_own_identifier() {
        let id = "nl.kaartbeheer.app";
        assert_eq!(Profile::User.identifier(id), id);
        assert_eq!(Profile::Test.identifier(id), "nl.kaartbeheer.app.test");
    }
}
